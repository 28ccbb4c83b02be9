import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEvent } from '../layers/test-events';
import { LIVE } from '../live/stores';
import { eventsBinding, MAX_PULSES } from './events-binding';

const T = new Date().toISOString();
const ctx = { zoom: 12, phase: 0, scale: 1, visible: true };

describe('the events binding', () => {
  afterEach(() => LIVE.events.replace([], 0, 'e', T));

  it('clusters what the store holds and counts every event once', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // no canvas here: icons stay off
    const b = eventsBinding();
    const off = b.subscribe(() => undefined);
    LIVE.events.replace(
      Array.from({ length: 300 }, (_, i) => testEvent(`e${i}`, { updatedAt: T })),
      1,
      'e',
      T,
    );
    b.build(ctx);
    expect(b.stats!()).toMatchObject({ indexed: 300, drawnSum: 300 });
    off();
  });

  it('pulses new severe events only, never more than MAX_PULSES at once, and none for a snapshot', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const b = eventsBinding();
    const off = b.subscribe(() => undefined);
    LIVE.events.replace([testEvent('old', { severity: 'I', updatedAt: T })], 1, 'e', T);
    expect(b.animating!()).toBe(false);
    LIVE.events.upsert([testEvent('minor', { severity: 'IV', updatedAt: T })], [], 2, T);
    expect(b.animating!()).toBe(false);
    // Many batches of new severe events: the pulse set stays bounded.
    for (let k = 0; k < 10; k++)
      LIVE.events.upsert(
        Array.from({ length: 40 }, (_, i) => testEvent(`s${k}-${i}`, { severity: 'II', updatedAt: T })),
        [],
        3 + k,
        T,
      );
    expect(b.animating!()).toBe(true);
    b.build(ctx);
    expect(b.stats!()['pulses']).toBeLessThanOrEqual(MAX_PULSES);
    off();
  });
});
