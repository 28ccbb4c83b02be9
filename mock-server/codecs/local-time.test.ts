import { describe, expect, it } from 'vitest';
import { localToUtc } from './local-time';

describe('localToUtc', () => {
  it.each([
    ['2026-11-24 08:30:00', 'Asia/Shanghai', '2026-11-24T00:30:00.000Z'],
    ['2026-01-01 00:00:00', 'Asia/Shanghai', '2025-12-31T16:00:00.000Z'],
    // Zones with daylight saving: the cached offset is per local hour, so both sides of a change are right.
    ['2026-03-08 01:59:59', 'America/New_York', '2026-03-08T06:59:59.000Z'],
    ['2026-03-08 03:00:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-07-01 12:00:00', 'Europe/Berlin', '2026-07-01T10:00:00.000Z'],
    ['2026-12-01 12:00:00', 'Europe/Berlin', '2026-12-01T11:00:00.000Z'],
  ])('%s in %s is %s', (local, tz, utc) => {
    expect(localToUtc(local, tz)).toBe(utc);
  });

  it('gives the same answer from the cache as on first lookup', () => {
    const first = localToUtc('2026-11-24 09:15:00', 'Asia/Shanghai');
    expect(localToUtc('2026-11-24 09:15:00', 'Asia/Shanghai')).toBe(first);
    expect(localToUtc('2026-11-24 09:59:59', 'Asia/Shanghai')).toBe('2026-11-24T01:59:59.000Z');
  });
});
