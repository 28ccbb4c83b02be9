import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Warning } from '../../../src/contract/entities';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { mutateText } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { EventDraft } from '../../../src/contract/event';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import type { AdaptResult } from '../../pipeline/adapter';
import { warningsAdapter, type CapRecord } from './adapter';
import { parseCap } from './cap';
import { capTime, toCapXml } from './cap-writer';
import { expiredAt } from './expiry';
import { WarningsGenerator } from './simulator';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const bytes = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const text = (name: string): string => bytes(name).toString('utf8');

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});

const adapt = (raw: unknown) => warningsAdapter.adapt(raw, { pack });

/** The adapted output, checked against the contract like the pipeline does. */
function accepted(r: AdaptResult): { warnings: Warning[]; drafts: EventDraft[] } {
  if (!r.ok) throw new Error(`rejected: ${r.code} ${r.message} ${JSON.stringify(r.details)}`);
  return {
    warnings: (r.states ?? []).map((s) => Warning.parse(s.item)),
    drafts: r.drafts.map((d) => EventDraft.parse(d)),
  };
}

describe('warnings adapter: the real CAP samples', () => {
  it('accepts the NWS flash flood watch (CAP 1.1) as an orange warning without geometry or event', () => {
    const { warnings, drafts } = accepted(adapt(bytes('weather.cap')));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      id: 'w-nws.webmaster@noaa.gov,NOAA-NWS-ALERTS-MT20100830100700TFXFlashFloodWatchTFX20100830180000MT',
      level: 'orange', // Severe
      msgType: 'Alert',
      sent: '2010-08-30T10:07:00.000Z', // 04:07 MDT (−06:00)
      expires: '2010-08-30T18:00:00.000Z',
      active: true,
      event: 'Flash Flood Watch',
    });
    expect(warnings[0]!.areas).toEqual([
      { desc: 'Central and Southern Lewis and Clark; Lewis and Clark', polygons: [] },
    ]);
    // Orange, but its area is in Montana (geocodes only): no alarm banner in Shanghai.
    expect(drafts).toEqual([]);
  });

  it('accepts the USGS earthquake (CAP 1.1, severity Unknown) as blue; a zero-radius circle draws nothing', () => {
    const { warnings } = accepted(adapt(bytes('earthquake.cap')));
    expect(warnings[0]).toMatchObject({
      level: 'blue',
      headline: 'EQ 6.3 Neiafu, Tonga - PRELIMINARY REPORT',
    });
    expect(warnings[0]!.areas[0]!.polygons).toEqual([]);
  });

  it('decodes ISO-8859-1 bytes by the XML declaration (CAP 1.2 with an XML signature)', () => {
    const { warnings } = accepted(adapt(bytes('earthquake-iso8859-1.cap')));
    expect(warnings[0]!.headline).toBe('EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT');
    expect(warnings[0]!.description).toContain('Usulután');
  });

  it('accepts an alert with only the required elements', () => {
    const { warnings, drafts } = accepted(adapt(bytes('no_optional_fields.cap')));
    expect(warnings[0]).toMatchObject({ level: 'blue', event: '', areas: [], expires: null, active: true });
    expect(warnings[0]!.headline).toBe('USGS-earthquakes-us2010apcd.6.20100831T000925.496Z');
    expect(drafts).toEqual([]);
  });

  it('rejects invalid.cap with the schema error naming the missing scope', () => {
    const r = adapt(bytes('invalid.cap'));
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    if (r.ok) return;
    expect(r.message).toMatch(/^CAP 1\.2 schema: Element 'cap:info': This element is not expected/);
    expect(r.message).toContain('cap:scope');
    expect(r.details?.[0]?.path).toBe('line 9');
  });

  it('rejects xee.cap (DTD, external entities) before parsing', () => {
    const r = adapt(bytes('xee.cap'));
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    if (!r.ok) expect(r.message).toMatch(/DOCTYPE/);
  });
});

describe('warnings adapter: Shanghai scenario (Alert → Update → Cancel)', () => {
  const yellow = () => accepted(adapt(text('sh-rainstorm-yellow.cap'))).warnings[0]!;

  it('reads a Chinese 暴雨黄色预警 with its polygon converted from "lat,lon" to [lon, lat]', () => {
    const { warnings, drafts } = accepted(adapt(text('sh-rainstorm-yellow.cap')));
    const w = warnings[0]!;
    expect(w).toMatchObject({ level: 'yellow', event: '暴雨', msgType: 'Alert', active: true });
    expect(w.headline).toBe('上海中心气象台发布暴雨黄色预警[Ⅲ级/较重]');
    const ring = w.areas[0]!.polygons[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(121);
      expect(lat).toBeLessThan(32);
    }
    expect(drafts).toEqual([]); // yellow: no alarm banner
  });

  it('decodes the same alert sent as GB18030 bytes to the same warning', () => {
    expect(accepted(adapt(bytes('sh-rainstorm-yellow-gb18030.cap'))).warnings[0]).toEqual(yellow());
  });

  it('upgrades to orange with an Update: the yellow one is withdrawn and an event is raised', () => {
    const record: CapRecord = { xml: text('sh-rainstorm-orange-update.cap'), referenced: [yellow()] };
    const { warnings, drafts } = accepted(adapt(record));
    const [orange, withdrawn] = warnings;
    expect(orange).toMatchObject({ level: 'orange', msgType: 'Update', active: true });
    expect(withdrawn).toEqual({ ...yellow(), active: false, updatedAt: orange!.sent });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      source: 'warnings',
      nativeId: orange!.id,
      category: 'weather',
      severity: 'II',
      title: '上海中心气象台发布暴雨橙色预警[Ⅱ级/严重]',
      reportedAt: orange!.sent,
      attributes: { warningState: 'active', level: '橙色' },
    });
    expect(drafts[0]!.district).toMatch(/^3101\d\d$/);
  });

  it('withdraws both with a Cancel and marks the orange event cancelled', () => {
    const orange = accepted(adapt(text('sh-rainstorm-orange-update.cap'))).warnings[0]!;
    const record: CapRecord = { xml: text('sh-rainstorm-cancel.cap'), referenced: [yellow(), orange] };
    const { warnings, drafts } = accepted(adapt(record));
    expect(warnings.map((w) => [w.msgType, w.active])).toEqual([
      ['Cancel', false],
      ['Alert', false],
      ['Update', false],
    ]);
    expect(warnings.slice(1).map((w) => w.level)).toEqual(['yellow', 'orange']);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      nativeId: orange.id,
      sourceUpdatedAt: warnings[0]!.sent,
      attributes: { warningState: 'cancelled' },
    });
    expect(drafts[0]!.title).toMatch(/（已解除）$/);
  });

  it('withdraws a referenced alert it has never seen, so the late original cannot come back', () => {
    const { warnings } = accepted(adapt(text('sh-rainstorm-cancel.cap')));
    const cancel = warnings[0]!;
    const ghost = warnings.find((w) => w.identifier === '31000041600000_260701083000001')!;
    expect(ghost).toMatchObject({ active: false, updatedAt: cancel.sent, sent: yellow().sent });
    // The original's own state is older, so the store keeps the withdrawn one.
    expect(yellow().updatedAt < ghost.updatedAt).toBe(true);
  });

  it('takes the colour from the Chinese text when it names one (红色 over CAP severity Moderate)', () => {
    const { warnings, drafts } = accepted(adapt(text('hostile-xss-headline.cap')));
    expect(warnings[0]!.level).toBe('red');
    expect(drafts[0]).toMatchObject({ severity: 'I' });
  });

  it('keeps hostile headline and description text verbatim as data (the UI renders text, not HTML)', () => {
    const { warnings, drafts } = accepted(adapt(text('hostile-xss-headline.cap')));
    expect(warnings[0]!.headline).toBe(
      '<script>alert("xss")</script>暴雨红色预警<img src=x onerror=alert(1)>',
    );
    expect(warnings[0]!.description).toContain('<iframe src="javascript:alert(1)"></iframe>');
    expect(drafts[0]!.title).toContain('<script>');
  });

  it('answers heartbeats (status System) with nothing to store', () => {
    const gen = new WarningsGenerator(pack, 3);
    expect(adapt(toCapXml(gen.heartbeat(Date.parse('2026-07-01T00:00:00Z'))))).toEqual({
      ok: true,
      drafts: [],
      states: [],
    });
  });
});

describe('warnings adapter: bad and hostile input', () => {
  it.each([
    ['bad-polygon-open.cap', 'INTAKE_SCHEMA', 'info.area[0].polygon[0]', /first and last/],
    ['bad-polygon-lonlat.cap', 'INTAKE_SCHEMA', 'info.area[0].polygon[0]', /outside WGS-84 \(lat first\)/],
    ['bad-not-xml.cap', 'INTAKE_DECODE', undefined, /not well-formed/],
    ['bad-cap10-namespace.cap', 'INTAKE_SCHEMA', '(root)', /not a CAP 1\.1\/1\.2 alert/],
    ['hostile-billion-laughs.cap', 'INTAKE_SCHEMA', '(prolog)', /DOCTYPE/],
  ])('rejects %s with %s', (file, code, path, message) => {
    const r = adapt(bytes(file));
    expect(r).toMatchObject({ ok: false, code });
    if (r.ok) return;
    expect(r.message).toMatch(message);
    if (path) expect(r.details?.map((d) => d.path)).toContain(path);
  });

  it.each([null, 42, {}, { xml: 42 }, ['<alert/>']])(
    'rejects a non-XML payload %j without throwing',
    (raw) => {
      expect(adapt(raw)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    },
  );

  it.each([
    ['an unknown encoding', '<?xml version="1.0" encoding="x-klingon"?><alert/>', /unsupported XML encoding/],
    [
      'bytes invalid in the declared encoding',
      '<?xml version="1.0" encoding="UTF-8"?><a>\xff</a>',
      /not valid utf-8/,
    ],
  ])('rejects %s as INTAKE_DECODE', (_name, xml, message) => {
    const r = adapt(Buffer.from(xml, 'latin1'));
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_DECODE' });
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('shortens a description beyond the display limit instead of losing the warning', () => {
    const long = text('sh-rainstorm-yellow.cap').replace(
      '<description>',
      `<description>${'雨'.repeat(6000)}`,
    );
    const w = accepted(adapt(long)).warnings[0]!;
    expect(w.description).toHaveLength(4000);
    expect(w.description.endsWith('…')).toBe(true);
  });

  it('rejects an Update whose references are not sender,identifier,sent triples', () => {
    const xml = text('sh-rainstorm-orange-update.cap').replace(/<references>[^<]*/, '<references>nonsense');
    expect(adapt(xml)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA', details: [{ path: 'references' }] });
  });

  it('accepts UTF-16 with a byte-order mark', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text('sh-rainstorm-yellow.cap').replace('UTF-8', 'UTF-16'), 'utf16le'),
    ]);
    expect(accepted(adapt(utf16)).warnings[0]!.event).toBe('暴雨');
  });
});

describe('warnings adapter: mutated XML', () => {
  it('never throws on 1,000 mutated CAP documents: each is accepted or rejected with a catalogue code', () => {
    const rnd = new Random(1212);
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.cap') && !f.startsWith('bad-'));
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const r = adapt(mutateText(text(rnd.pick(files)), rnd));
      if (r.ok) {
        accepted += 1;
        for (const d of r.drafts) EventDraft.parse(d);
        for (const s of r.states ?? []) Warning.parse(s.item);
      } else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
    }
    // Some edits land in text content and stay valid CAP; most break the document.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(1000);
  });
});

describe('CAP 1.1 rules derived from the 1.2 schema', () => {
  const withCertainty = (xml: string, c: string) =>
    xml.replace('<certainty>Likely</certainty>', `<certainty>${c}</certainty>`);
  it('allows certainty "Very Likely" in CAP 1.1 only', () => {
    const v12 = withCertainty(text('sh-rainstorm-yellow.cap'), 'Very Likely');
    const v11 = v12.replace('cap:1.2', 'cap:1.1');
    expect(parseCap(v11)).toMatchObject({ ok: true, version: '1.1' });
    expect(parseCap(v12)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
  });
  it('refuses responseType "AllClear" (new in 1.2) in CAP 1.1', () => {
    const v12 = text('sh-rainstorm-yellow.cap').replace('<responseType>Prepare', '<responseType>AllClear');
    expect(parseCap(v12)).toMatchObject({ ok: true, version: '1.2' });
    expect(parseCap(v12.replace('cap:1.2', 'cap:1.1'))).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
  });
});

describe('warning simulator and CAP writer', () => {
  it('writes every scenario message as valid CAP 1.2 that reads back to the same alert', () => {
    const gen = new WarningsGenerator(pack, 11);
    let t = Date.parse('2026-07-01T00:00:00Z');
    for (let i = 0; i < 12; i++) {
      for (const { alert } of gen.scenario(t)) {
        const parsed = parseCap(toCapXml(alert));
        expect(parsed).toMatchObject({ ok: true, version: '1.2' });
        if (parsed.ok) expect(parsed.alert).toMatchObject(alert);
        expect(adapt(toCapXml(alert)).ok).toBe(true);
      }
      t += 3 * 3_600_000;
    }
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const gen = new WarningsGenerator(pack, 5);
    const alert = gen.heartbeat(0);
    const xml = toCapXml({ ...alert, note: '<b>&"\'\u0001' });
    expect(parseCap(xml)).toMatchObject({ ok: true, alert: { note: '<b>&"\'' } });
  });

  it('produces a small share of defective messages, each rejected with a reason', () => {
    const gen = new WarningsGenerator(pack, 9);
    const codes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = adapt(gen.defective(Date.parse('2026-07-01T00:00:00Z') + i * 60_000));
      expect(r.ok).toBe(false);
      if (!r.ok) codes.add(r.code);
    }
    expect([...codes].sort()).toEqual(['INTAKE_DECODE', 'INTAKE_SCHEMA']);
  });

  it('writes CAP times with the city offset', () => {
    expect(capTime(Date.parse('2026-07-01T00:30:00Z'), 480)).toBe('2026-07-01T08:30:00+08:00');
    expect(capTime(Date.parse('2010-08-30T10:07:00Z'), -360)).toBe('2010-08-30T04:07:00-06:00');
  });
});

describe('expiry', () => {
  it('withdraws active warnings whose expires has passed, and only those', () => {
    const w = accepted(adapt(text('sh-rainstorm-yellow.cap'))).warnings[0]!;
    const after = Date.parse(w.expires!) + 1;
    expect(expiredAt([w], Date.parse(w.expires!) - 1)).toEqual([]);
    expect(expiredAt([w], after)).toEqual([
      { ...w, active: false, updatedAt: new Date(after).toISOString() },
    ]);
    expect(expiredAt([{ ...w, active: false }], after)).toEqual([]);
  });
});

it('has a fixture for every case it tests', () => {
  expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.cap')).length).toBeGreaterThanOrEqual(16);
});

describe('parseCap and processing instructions', () => {
  // Found by the adapters' fuzz test: a `<?pi?>` between two elements crashed the reader (TypeError) instead of
  // being skipped like a comment.
  it('reads every element around a processing instruction inside <info>', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures', 'earthquake.cap'), 'utf8');
    const plain = parseCap(text);
    const at = text.indexOf('<parameter>', text.indexOf('<parameter>') + 1);
    expect(at).toBeGreaterThan(0);
    const withPi = `${text.slice(0, at)}<?xml-stylesheet href="http://example.invalid/x.xsl"?>${text.slice(at)}`;
    const parsed = parseCap(withPi);
    expect(plain.ok && parsed.ok).toBe(true);
    if (!plain.ok || !parsed.ok) return;
    expect(parsed.alert).toEqual(plain.alert);
    expect(parsed.alert.info[0]!.parameter!.length).toBeGreaterThan(2);
  });
});
