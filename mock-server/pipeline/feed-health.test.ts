import { describe, expect, it } from 'vitest';
import { FeedHealthTracker, hourlyActivity } from './feed-health';

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

describe('feed health of a source that follows the city rhythm', () => {
  // The pack's profile: 0.1 at 3 a.m., 1.75 at 10 a.m. (local, UTC+8).
  const hourly = Array.from({ length: 24 }, (_, h) => (h === 3 ? 0.1 : h === 10 ? 1.75 : 1));
  const setup = (utc: string) => {
    let now = Date.parse(utc);
    const health = new FeedHealthTracker(
      [
        {
          source: 'hotline',
          expectedIntervalMs: 30_000,
          activityAt: hourlyActivity(hourly, 'Asia/Shanghai'),
        },
      ],
      3,
      () => now,
    );
    health.setConnected('hotline', true);
    health.record('hotline', 'accepted');
    return { health, advance: (ms: number) => (now += ms) };
  };

  it('expects longer gaps in the night lull: ten quiet minutes at 3 a.m. are not a dead feed', () => {
    const { health, advance } = setup('2026-11-24T19:00:00Z'); // 03:00 in Shanghai
    advance(10 * 60_000);
    expect(health.get('hotline')).toMatchObject({
      state: 'healthy',
      expectedIntervalMs: 300_000,
      staleAfterMs: 900_000,
    });
    advance(6 * 60_000);
    expect(health.get('hotline').state).toBe('stale');
  });

  it('notices silence within a minute at the morning peak', () => {
    const { health, advance } = setup('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
    advance(52_000);
    expect(health.get('hotline').state).toBe('stale');
  });
});
