import { describe, expect, it } from 'vitest';
import { TransitionAction } from '../../src/contract/console';
import { EVENT_STATUSES, type EventStatus } from '../../src/contract/event';
import { allowedActions, stageOf, transition } from './state-machine';

/**
 * The lifecycle written out as the design states it, independently of the implementation's table: every
 * (status, action) pair not listed here must be refused with ILLEGAL_TRANSITION.
 */
const LEGAL: Record<string, EventStatus> = {
  'reported accept': 'accepted',
  'reopened accept': 'accepted',
  'reported forward': 'dispatched',
  'accepted forward': 'dispatched',
  'returned forward': 'dispatched',
  'reopened forward': 'dispatched',
  'accepted dispatch': 'dispatched',
  'returned dispatch': 'dispatched',
  'reopened dispatch': 'dispatched',
  'reported plan': 'dispatched',
  'accepted plan': 'dispatched',
  'returned plan': 'dispatched',
  'reopened plan': 'dispatched',
  'dispatched plan': 'dispatched',
  'in-progress plan': 'in-progress',
  'dispatched start': 'in-progress',
  'in-progress resolve': 'resolved',
  'resolved rework': 'in-progress',
  'resolved verify': 'verified',
  'verified close': 'closed',
  'reported close': 'closed',
  'accepted close': 'closed',
  'dispatched close': 'closed',
  'in-progress close': 'closed',
  'resolved close': 'closed',
  'returned close': 'closed',
  'reopened close': 'closed',
  'dispatched return': 'returned',
  'in-progress return': 'returned',
  'verified reopen': 'reopened',
  'closed reopen': 'reopened',
};
/** Transitions that need a reason (given below as "with a reason"). */
const NEEDS_REASON = new Set([
  'resolved rework',
  'reported close',
  'accepted close',
  'dispatched close',
  'in-progress close',
  'resolved close',
  'returned close',
  'reopened close',
  'dispatched return',
  'in-progress return',
  'verified reopen',
  'closed reopen',
]);

const pairs = EVENT_STATUSES.flatMap((s) => TransitionAction.options.map((a) => [s, a] as const));

describe('the lifecycle state machine', () => {
  it('covers every status × action pair (9 × 11)', () => {
    expect(pairs).toHaveLength(99);
  });

  it.each(pairs.filter(([s, a]) => `${s} ${a}` in LEGAL))('allows %s → %s', (status, action) => {
    const key = `${status} ${action}`;
    expect(transition(status, action, true)).toEqual({ ok: true, to: LEGAL[key] });
  });

  it.each(pairs.filter(([s, a]) => !(`${s} ${a}` in LEGAL)))(
    'refuses %s → %s with ILLEGAL_TRANSITION, reason or not',
    (status, action) => {
      for (const hasReason of [false, true]) {
        const r = transition(status, action, hasReason);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.code).toBe('ILLEGAL_TRANSITION');
      }
    },
  );

  it.each([...NEEDS_REASON].map((k) => k.split(' ') as [EventStatus, TransitionAction]))(
    'asks for a reason for %s → %s (REASON_REQUIRED without one)',
    (status, action) => {
      expect(transition(status, action, false)).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    },
  );

  it('closes a verified event without a reason: closure after verification is the normal path', () => {
    expect(transition('verified', 'close', false)).toEqual({ ok: true, to: 'closed' });
  });

  it('offers exactly the legal transitions of each status as actions, plus notes', () => {
    for (const s of EVENT_STATUSES) {
      const moves = TransitionAction.options.filter((a) => `${s} ${a}` in LEGAL);
      const offered = allowedActions(s);
      expect(offered.filter((a) => (TransitionAction.options as string[]).includes(a)).sort(), s).toEqual(
        [...moves].sort(),
      );
      expect(offered).toContain('note');
    }
    expect(allowedActions('closed')).not.toContain('assign');
  });

  it('runs one SLA clock per open stage and none once closed', () => {
    expect(EVENT_STATUSES.map((s) => [s, stageOf(s)])).toEqual([
      ['reported', 'accept'],
      ['accepted', 'dispatch'],
      ['dispatched', 'start'],
      ['in-progress', 'resolve'],
      ['resolved', 'verify'],
      ['verified', 'close'],
      ['closed', null],
      ['returned', 'dispatch'],
      ['reopened', 'accept'],
    ]);
  });
});
