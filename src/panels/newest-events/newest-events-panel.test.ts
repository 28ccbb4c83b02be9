import { describe, expect, it } from 'vitest';
import { testEvent } from '../../layers/test-events';
import { newestEvents } from './newest-events-panel';

describe('newest events', () => {
  it('picks the n most recent in one pass, newest first, ties by id', () => {
    const at = (m: number) => `2026-11-24T02:${String(m).padStart(2, '0')}:00.000Z`;
    const events = [5, 1, 9, 3, 9, 7, 2].map((m, i) => testEvent(`e${i}`, { reportedAt: at(m) }));
    expect(newestEvents(events, 3).map((e) => e.id)).toEqual(['e4', 'e2', 'e5']);
    expect(newestEvents(events, 10)).toHaveLength(7);
    expect(newestEvents([], 3)).toEqual([]);
  });
});
