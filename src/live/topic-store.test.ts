import { describe, expect, it } from 'vitest';
import type { Event } from '../contract/event';
import { testEvent } from '../layers/test-events';
import { inLiveWindow, LIVE_WINDOW_HOURS } from './live-window';
import { createTopicStore, RECENT_MAX } from './topic-store';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const store = () =>
  createTopicStore<Event>((e) => e.id, {
    newer: (a, b) => a.version >= b.version,
    keep: inLiveWindow,
    now: () => NOW,
  });

describe('the live events store', () => {
  it('holds open events whatever their age and closed ones only within the window', () => {
    const s = store();
    s.replace(
      [
        testEvent('open-old', { updatedAt: hoursAgo(500) }),
        testEvent('closed-recent', { status: 'closed', updatedAt: hoursAgo(LIVE_WINDOW_HOURS - 1) }),
        testEvent('closed-old', { status: 'closed', updatedAt: hoursAgo(LIVE_WINDOW_HOURS + 1) }),
      ],
      10,
      'e',
      hoursAgo(0),
    );
    expect([...s.store.getState().items.keys()].sort()).toEqual(['closed-recent', 'open-old']);
  });

  it('drops an event that arrives closed outside the window, and one it held that closed long ago', () => {
    const s = store();
    s.replace([testEvent('a')], 1, 'e', hoursAgo(0));
    s.upsert([testEvent('a', { status: 'closed', updatedAt: hoursAgo(30), version: 2 })], [], 2, hoursAgo(0));
    expect(s.store.getState().items.has('a')).toBe(false);
    expect(s.store.getState().seq).toBe(2); // pruning never moves the sequence number: resume stays exact
  });

  it('prunes what ages out of the window as time passes, bumping rev once', () => {
    const s = store();
    s.replace(
      [testEvent('c', { status: 'closed', updatedAt: hoursAgo(23) }), testEvent('o')],
      5,
      'e',
      hoursAgo(0),
    );
    const rev = s.store.getState().rev;
    expect(s.prune(NOW + 2 * 3_600_000)).toBe(1);
    expect([...s.store.getState().items.keys()]).toEqual(['o']);
    expect(s.store.getState().rev).toBe(rev + 1);
    expect(s.prune(NOW + 2 * 3_600_000)).toBe(0);
    expect(s.store.getState().rev).toBe(rev + 1);
  });

  it('never rolls an event back to an older version (late duplicate)', () => {
    const s = store();
    s.replace([testEvent('a', { version: 3, title: 'v3' })], 1, 'e', hoursAgo(0));
    s.upsert([testEvent('a', { version: 2, title: 'v2' })], [], 2, hoursAgo(0));
    expect(s.store.getState().items.get('a')!.title).toBe('v3');
  });

  it('keeps the list of newly seen keys bounded', () => {
    const s = store();
    s.replace([], 0, 'e', hoursAgo(0));
    s.upsert(
      Array.from({ length: 500 }, (_, i) => testEvent(`n${i}`)),
      [],
      500,
      hoursAgo(0),
    );
    const recent = s.store.getState().recent;
    expect(recent).toHaveLength(RECENT_MAX);
    expect(recent.at(-1)).toBe('n499');
  });

  it('applies removes', () => {
    const s = store();
    s.replace([testEvent('a'), testEvent('b')], 1, 'e', hoursAgo(0));
    s.upsert([], ['a'], 2, hoursAgo(0));
    expect([...s.store.getState().items.keys()]).toEqual(['b']);
  });
});
