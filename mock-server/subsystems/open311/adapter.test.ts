import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventDraft } from '../../../src/contract/event';
import { loadCityPack } from '../../city-packs/load';
import { open311Adapter } from './adapter';

const pack = loadCityPack('shanghai');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));
const adapt = (name: string) => open311Adapter.adapt(fixture(name), { pack });

describe('Open311 adapter', () => {
  it('turns a GeoReport v2 request into an event: service code → category, WGS-84 as given, reporter from the names', () => {
    const r = adapt('good-request.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = EventDraft.parse(r.drafts[0]);
    expect(d).toMatchObject({
      source: 'open311',
      nativeId: '311-20261124-00A1B2',
      category: 'waterlogging',
      severity: 'III',
      location: { lon: 121.473701, lat: 31.230416 },
      district: '310101',
      address: '黄浦区南京东路步行街世纪广场',
      reportedAt: '2026-11-24T02:15:00.000Z',
      reporter: { name: '王小明', phone: '13912345678' },
    });
    expect(d.attributes).toMatchObject({
      channel: 'open311',
      mediaUrl: 'https://photos.example.org/311/abc123.jpg',
    });
    // E-mail is not kept.
    expect(JSON.stringify(d)).not.toContain('@');
  });

  it.each([
    ['bad-unknown-service.json', 'UNKNOWN_CODE'],
    ['bad-address-only.json', 'INTAKE_SCHEMA'],
    ['bad-out-of-city.json', 'COORD_OUT_OF_RANGE'],
  ])('refuses %s with %s', (file, code) => {
    expect(adapt(file)).toMatchObject({ ok: false, code });
  });

  it('keeps hostile text as text (rendered as text by every screen)', () => {
    const r = adapt('hostile-xss.json');
    expect(r.ok && r.drafts[0]?.description).toBe("<script>alert('x')</script>垃圾");
  });

  it('refuses what is not a request at all', () => {
    for (const raw of [null, 42, 'text', [], { service_code: 'noise' }])
      expect(open311Adapter.adapt(raw, { pack }).ok).toBe(false);
  });
});
