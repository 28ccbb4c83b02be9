import { describe, expect, it } from 'vitest';
import type { Camera } from '../contract/entities';
import type { Event } from '../contract/event';
import { cameraFor, popsCamera } from './severe-pop';

const event = (over: Partial<Event>) =>
  ({ severity: 'II', status: 'reported', location: { lon: 121.4737, lat: 31.2304 }, ...over }) as Event;
const camera = (id: string, dLon: number, online = true, direction: number | null = null) =>
  ({ id, name: id, location: { lon: 121.4737 + dLon, lat: 31.2304 }, online, direction }) as Camera;

describe('a severe event pops its camera on the wall', () => {
  it('pops for open, unacknowledged severity I–II events only', () => {
    expect(popsCamera(event({ severity: 'I' }))).toBe(true);
    expect(popsCamera(event({ severity: 'II' }))).toBe(true);
    expect(popsCamera(event({ severity: 'III' }))).toBe(false);
    expect(popsCamera(event({ status: 'closed' }))).toBe(false);
    expect(popsCamera(event({ acknowledgedAt: '2026-01-01T00:00:00.000Z' }))).toBe(false);
  });

  it('picks the best online camera within 500 m, none when all are offline or far', () => {
    // 0.001° of longitude ≈ 95 m here.
    expect(
      cameraFor(event({}), [camera('far', 0.006), camera('near-off', 0.0005, false), camera('near', 0.002)])
        ?.id,
    ).toBe('near');
    expect(cameraFor(event({}), [camera('far', 0.006), camera('off', 0.0005, false)])).toBeNull();
  });
});
