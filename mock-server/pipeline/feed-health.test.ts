import { describe, expect, it } from 'vitest';
import { FeedHealthTracker } from './feed-health';

describe('feed health of a polled source', () => {
  const setup = () => {
    let now = Date.parse('2026-11-24T19:00:00Z');
    const health = new FeedHealthTracker(
      [{ source: 'city-management', expectedIntervalMs: 60_000 }],
      3,
      () => now,
    );
    return { health, advance: (ms: number) => (now += ms) };
  };

  it('stays healthy through a quiet spell while the source answers its polls', () => {
    const { health, advance } = setup();
    health.polled('city-management');
    health.record('city-management', 'accepted');
    for (let i = 0; i < 30; i++) {
      advance(10_000);
      health.polled('city-management');
    }
    expect(health.get('city-management')).toMatchObject({ state: 'healthy', connected: true, received: 1 });
    expect(health.get('city-management').lastPolledAt).toBe('2026-11-24T19:05:00.000Z');
  });

  it('turns stale when the source stops answering, down once polls fail, and healthy at the next answer', () => {
    const { health, advance } = setup();
    health.polled('city-management');
    health.record('city-management', 'accepted');
    advance(181_000);
    expect(health.get('city-management').state).toBe('stale');
    health.error('city-management', 'connect ECONNREFUSED');
    health.setConnected('city-management', false);
    expect(health.get('city-management')).toMatchObject({
      state: 'down',
      errors: 1,
      lastError: 'connect ECONNREFUSED',
    });
    health.polled('city-management');
    expect(health.get('city-management').state).toBe('healthy');
  });

  it('waits for a first record before calling a polled source healthy', () => {
    const { health } = setup();
    health.polled('city-management');
    expect(health.get('city-management').state).toBe('waiting');
  });
});
