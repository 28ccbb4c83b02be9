import { describe, expect, it } from 'vitest';
import { testEvent } from '../../layers/test-events';
import { computeKpis, startOfLocalDay } from './compute-kpis';

const TZ = 'Asia/Shanghai';
// 2026-11-24 10:00 in Shanghai (UTC+8).
const NOW = Date.parse('2026-11-24T02:00:00.000Z');

describe('event KPIs', () => {
  it('starts "today" at local midnight in the city, not UTC midnight', () => {
    expect(new Date(startOfLocalDay(NOW, TZ)).toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });

  it('counts today, open, overdue and the closure rate of today', () => {
    const k = computeKpis(
      [
        testEvent('a', { reportedAt: '2026-11-23T17:00:00.000Z' }), // today 01:00, open
        testEvent('b', { reportedAt: '2026-11-23T18:00:00.000Z', status: 'closed' }), // today, closed
        testEvent('c', { reportedAt: '2026-11-23T15:59:59.000Z' }), // yesterday 23:59, open
        testEvent('d', { reportedAt: '2026-11-23T10:00:00.000Z', slaDueAt: '2026-11-24T01:00:00.000Z' }), // overdue
        testEvent('e', { reportedAt: '2026-11-23T10:00:00.000Z', slaDueAt: '2026-11-24T03:00:00.000Z' }), // due later
        testEvent('f', { status: 'closed', slaDueAt: '2026-11-24T01:00:00.000Z' }), // closed: never overdue
      ],
      NOW,
      TZ,
    );
    expect(k).toEqual({ today: 3, open: 4, overdue: 1, closedToday: 2, closureRate: 2 / 3 });
  });

  it('has no closure rate when nothing was reported today', () => {
    expect(computeKpis([], NOW, TZ)).toEqual({
      today: 0,
      open: 0,
      overdue: 0,
      closedToday: 0,
      closureRate: null,
    });
  });
});
