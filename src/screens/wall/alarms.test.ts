import { describe, expect, it } from 'vitest';
import type { Warning } from '../../contract/entities';
import { testEvent } from '../../layers/test-events';
import { currentAlarms, newAlarmKeys } from './alarms';

const T = '2026-11-24T02:00:00.000Z';
const warning = (id: string, over: Partial<Warning> = {}): Warning => ({
  id,
  identifier: id,
  sender: 'cma',
  sent: T,
  msgType: 'Alert',
  level: 'red',
  event: '台风',
  headline: `台风红色预警 ${id}`,
  description: '',
  instruction: '',
  areas: [],
  effective: T,
  expires: null,
  active: true,
  updatedAt: T,
  ...over,
});

describe('alarms', () => {
  it('raise severe open events and red/orange active warnings until acknowledged', () => {
    const alarms = currentAlarms(
      [
        testEvent('sev-I', { severity: 'I', reportedAt: '2026-11-24T02:05:00.000Z' }),
        testEvent('sev-II', { severity: 'II' }),
        testEvent('sev-III', { severity: 'III' }),
        testEvent('closed', { severity: 'I', status: 'closed' }),
        testEvent('acked', { severity: 'I', acknowledgedAt: T, acknowledgedBy: 'duty' }),
      ],
      [
        warning('red'),
        warning('orange', { level: 'orange' }),
        warning('yellow', { level: 'yellow' }),
        warning('ended', { active: false }),
        warning('acked', { acknowledgedAt: T }),
      ],
      10,
    );
    expect(alarms.shown.map((a) => a.key)).toEqual([
      'event:sev-I', // newest first
      'event:sev-II',
      'warning:orange',
      'warning:red',
    ]);
    expect([...alarms.keys].sort()).toEqual(['event:sev-I', 'event:sev-II', 'warning:orange', 'warning:red']);
  });

  it('lists only the newest few however many alarms there are', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      testEvent(`e${i}`, {
        severity: 'II',
        reportedAt: new Date(Date.UTC(2026, 10, 24, 0, 0, i)).toISOString(),
      }),
    );
    const a = currentAlarms(many, [], 3);
    expect(a.keys.size).toBe(500);
    expect(a.shown.map((x) => x.key)).toEqual(['event:e499', 'event:e498', 'event:e497']);
  });

  it('tell which alarms are new since the last picture', () => {
    const now = currentAlarms([testEvent('a', { severity: 'I' }), testEvent('b', { severity: 'II' })], []);
    expect(newAlarmKeys(new Set(['event:a']), now.keys)).toEqual(['event:b']);
    expect(newAlarmKeys(new Set(['event:a', 'event:b']), now.keys)).toEqual([]);
  });
});
