import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { loadCityPack } from '../mock-server/city-packs/load';
import { warningsAdapter } from '../mock-server/subsystems/warnings/adapter';
import { SAFE_PARSE } from '../mock-server/subsystems/warnings/cap';
import type { Benchmark, Figure } from './figure';
import { envInt, median } from './measure';

const N = envInt('BENCH_CAP_ALERTS', 2000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const FIXTURES = join(import.meta.dirname, '../mock-server/subsystems/warnings/fixtures');

/**
 * CAP alerts through the warnings adapter (decode by declared encoding, DOCTYPE check, libxml2 parse, CAP 1.2
 * XSD validation, tree → Warning states + events), next to the floor measured in the same run: libxml2 parsing
 * the same bytes without validating or mapping. Also: how long refusing a billion-laughs document takes.
 */
export const capIntakeBench: Benchmark = {
  name: 'cap-intake',
  async run(log) {
    const pack = loadCityPack('shanghai');
    const alert = readFileSync(join(FIXTURES, 'sh-rainstorm-orange-update.cap'));
    const laughs = readFileSync(join(FIXTURES, 'hostile-billion-laughs.cap'));
    log(`${N} alerts of ${alert.length} bytes × ${ROUNDS} rounds`);
    const adapt: number[] = [];
    const floor: number[] = [];
    const refuse: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      for (let i = 0; i < N; i++) {
        if (!warningsAdapter.adapt(alert, { pack }).ok) throw new Error('the benchmark alert was rejected');
      }
      adapt.push((performance.now() - t) / N);
      t = performance.now();
      for (let i = 0; i < N; i++) XmlDocument.fromBuffer(alert, { option: SAFE_PARSE }).dispose();
      floor.push((performance.now() - t) / N);
      t = performance.now();
      for (let i = 0; i < N; i++) {
        if (warningsAdapter.adapt(laughs, { pack }).ok) throw new Error('billion laughs was accepted');
      }
      refuse.push((performance.now() - t) / N);
    }
    const perAlertMs = median(adapt);
    const floorMs = median(floor);
    const figures: Figure[] = [
      { name: 'cap_adapt_per_alert', value: perAlertMs * 1000, unit: 'µs' },
      { name: 'cap_parse_floor_per_alert', value: floorMs * 1000, unit: 'µs' },
      { name: 'cap_adapt_alerts_per_s', value: 1000 / perAlertMs, unit: 'alerts/s' },
      { name: 'cap_adapt_ratio_to_parse_floor', value: floorMs / perAlertMs, unit: '', digits: 2 },
      { name: 'cap_refuse_billion_laughs', value: median(refuse) * 1000, unit: 'µs', digits: 1 },
    ];
    return figures;
  },
};
