import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { EventAction, EventActionKind } from '../../src/contract/console';
import { CodedError } from '../../src/contract/errors';
import type { Event } from '../../src/contract/event';
import { toUtcInstant } from '../../src/contract/time';
import type { AuditLog } from '../auth/audit';
import type { Hub } from '../pipeline/hub';
import { EventActionsRepo } from '../store/event-actions-repo';
import { eventToRow, rowToEvent } from '../store/events-repo';
import type { Dialect } from '../store/migrations';
import type { Database } from '../store/schema';
import { diff, planAction, type ActionInput } from './action-plans';
import type { DispatchRules } from './dispatch-rules';

/** Who acts: a person (from the request's principal), a source channel (`source:grid`), or the system. */
export interface Actor {
  username: string;
  name: string | null;
  role: string | null;
  address: string | null;
}

export const SYSTEM_ACTOR: Actor = { username: 'system', name: '系统', role: null, address: null };

export interface ActOptions {
  /** The version the actor saw; null for system actions, which act on the event as it is. */
  expectVersion: number | null;
  /** False → FORBIDDEN_DISTRICT (checked before the version, so a conflict reveals nothing out of scope). */
  inScope?: (e: Event) => boolean;
  /** The caller's view of an event (personal-data masking), for the current state in a 409 body. */
  view?: (e: Event) => Event;
  /** System actions: false → nothing happens (e.g. a verification older than the event's latest change). */
  guard?: (e: Event) => boolean;
}

/** 409 VERSION_CONFLICT with the event as it is now (body: `{ error, current }`). */
export class VersionConflictError extends CodedError {
  constructor(
    readonly current: Event,
    seen: number,
  ) {
    super('VERSION_CONFLICT', `event ${current.id} is at version ${current.version}, not ${seen}`);
  }
  override toBody() {
    return { ...super.toBody(), current: this.current };
  }
}

interface Step {
  prev: Event;
  next: Event;
  action: EventActionKind;
  note: string | null;
  details: Record<string, unknown>;
}

type Load = (id: string) => Promise<Event | null>;
export type Planner = (current: Event, load: Load) => Promise<Step[]> | Step[];

export interface ActResult {
  event: Event;
  /** The timeline entry of the acted-on event; null when nothing changed. */
  action: EventAction | null;
}

/**
 * Carries events through their lifecycle: each action is decided by the state machine (action-plans.ts), and
 * stored in one transaction with everything it implies — the event's new version and `events` sequence number
 * (so the live protocol delivers it to every console and wall), its timeline entry in `event_actions`, and its
 * audit-log entry. Published to the hub only after the commit.
 */
export class LifecycleService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: Dialect;
      rules: DispatchRules;
      audit: AuditLog;
      hub: Hub;
      now: () => number;
      log: Logger;
    },
  ) {}

  get rules(): DispatchRules {
    return this.deps.rules;
  }

  now(): number {
    return this.deps.now();
  }

  /** One action on one event. */
  act(id: string, input: ActionInput, actor: Actor, opts: ActOptions): Promise<ActResult> {
    if (input.action === 'merge' || input.action === 'split')
      throw new CodedError('BAD_REQUEST', `${input.action} needs the events it joins or splits (link)`);
    return this.run(id, actor, opts, (current) => {
      if (opts.guard && !opts.guard(current)) return [];
      const planned = planAction(current, input, {
        rules: this.deps.rules,
        now: this.deps.now(),
        actor: actor.username,
      });
      return planned ? [{ prev: current, action: input.action, ...planned }] : [];
    });
  }

  /**
   * Merge (join `others` into this event's incident) or split (take `others` out of it): every event touched
   * gets its new `relatedIds` and a timeline entry, in one transaction.
   */
  link(
    id: string,
    kind: 'merge' | 'split',
    others: readonly string[],
    actor: Actor,
    opts: ActOptions & { note?: string | undefined; details?: Record<string, unknown> },
  ): Promise<ActResult> {
    const ids = [...new Set(others)].filter((o) => o !== id);
    if (ids.length === 0)
      throw new CodedError('BAD_REQUEST', `${kind} needs other events`, [
        { path: 'eventIds', message: 'empty' },
      ]);
    return this.run(id, actor, opts, async (current, load) => {
      const loaded = new Map<string, Event>([[id, current]]);
      const get = async (eid: string) => {
        const have = loaded.get(eid);
        if (have) return have;
        const e = await load(eid);
        if (!e) throw new CodedError('NOT_FOUND', `no event ${eid}`);
        if (opts.inScope && !opts.inScope(e))
          throw new CodedError('FORBIDDEN_DISTRICT', `event ${eid} is outside your districts`);
        loaded.set(eid, e);
        return e;
      };
      for (const o of ids) await get(o);
      const related = new Map<string, Set<string>>();
      const relOf = async (eid: string) => {
        let s = related.get(eid);
        if (!s) related.set(eid, (s = new Set((await get(eid)).relatedIds)));
        return s;
      };
      if (kind === 'merge') {
        // One incident: every member relates to every other (the union of what each already had).
        const cluster = new Set<string>([id, ...ids]);
        for (const m of [...cluster]) for (const r of await relOf(m)) cluster.add(r);
        for (const m of cluster) {
          const s = await relOf(m);
          s.clear();
          for (const o of cluster) if (o !== m) s.add(o);
        }
      } else {
        const cluster = new Set<string>([id, ...(await relOf(id))]);
        for (const o of ids) {
          if (!cluster.has(o))
            throw new CodedError('BAD_REQUEST', `event ${o} is not part of ${id}'s incident`);
          (await relOf(o)).clear();
          for (const m of cluster) if (m !== o) (await relOf(m)).delete(o);
        }
      }
      const steps: Step[] = [];
      for (const [eid, set] of related) {
        const prev = await get(eid);
        const relatedIds = [...set].sort();
        if (JSON.stringify(relatedIds) === JSON.stringify([...prev.relatedIds].sort())) continue;
        steps.push({
          prev,
          next: { ...prev, relatedIds },
          action: kind,
          note: opts.note?.trim() || null,
          details: { eventIds: eid === id ? ids : [id], ...opts.details },
        });
      }
      // The acted-on event first: its entry is the one returned.
      return steps.sort((a, b) => (a.prev.id === id ? -1 : b.prev.id === id ? 1 : 0));
    });
  }

  /** Runs a planner on the locked event(s) and stores every step; publishes after the commit. */
  async run(id: string, actor: Actor, opts: ActOptions, planner: Planner): Promise<ActResult> {
    const { db, dialect, hub, audit } = this.deps;
    const at = toUtcInstant(this.deps.now());
    const out = await db.transaction().execute(async (trx) => {
      const load = (eid: string) => loadLocked(trx, dialect, eid);
      const current = await load(id);
      if (!current) throw new CodedError('NOT_FOUND', `no event ${id}`);
      if (opts.inScope && !opts.inScope(current))
        throw new CodedError('FORBIDDEN_DISTRICT', `event ${id} is outside your districts`);
      if (opts.expectVersion !== null && opts.expectVersion !== current.version)
        throw new VersionConflictError(opts.view ? opts.view(current) : current, opts.expectVersion);
      const steps = await planner(current, load);
      if (steps.length === 0) return { event: current, action: null, published: [] };
      const top = await trx
        .updateTable('sequences')
        .set({ value: sql`value + ${steps.length}` })
        .where('topic', '=', 'events')
        .returning('value')
        .executeTakeFirstOrThrow();
      let seq = Number(top.value) - steps.length;
      const actions = new EventActionsRepo(trx);
      const published: { seq: number; item: Event }[] = [];
      let first: { event: Event; action: EventAction } | null = null;
      for (const step of steps) {
        const next: Event = { ...step.next, updatedAt: at, version: step.prev.version + 1 };
        seq += 1;
        await writeEvent(trx, next, seq);
        const { before, after } = diff(step.prev, next);
        const action = await actions.add({
          eventId: next.id,
          action: step.action,
          actor: actor.username,
          actorName: actor.name,
          actorRole: actor.role,
          at,
          note: step.note,
          fromStatus: step.prev.status,
          toStatus: next.status,
          before,
          after,
          details: step.details,
          version: next.version,
        });
        await audit.record(
          {
            actor: actor.username,
            actorRole: actor.role,
            action: `event.${step.action}`,
            target: next.id,
            address: actor.address,
            details: {
              from: step.prev.status,
              to: next.status,
              version: next.version,
              before,
              after,
              ...step.details,
              ...(step.note ? { note: step.note } : {}),
            },
          },
          trx,
        );
        published.push({ seq, item: next });
        first ??= { event: next, action };
      }
      return { ...first!, published };
    });
    hub.publish({ topic: 'events', items: out.published });
    return { event: out.event, action: out.action };
  }
}

async function loadLocked(trx: Transaction<Database>, dialect: Dialect, id: string): Promise<Event | null> {
  const q = trx.selectFrom('events').selectAll().where('id', '=', id);
  // PostgreSQL: the row stays ours until commit (an ingest redelivery or another officer waits, then sees this).
  const row = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return row ? rowToEvent(row) : null;
}

/** Writes the console-owned columns and the version/sequence; the source's columns are left as they are. */
async function writeEvent(trx: Transaction<Database>, e: Event, seq: number): Promise<void> {
  const row = eventToRow(e, seq);
  await trx
    .updateTable('events')
    .set({
      status: row.status,
      sla_due_at: row.sla_due_at,
      assignee: row.assignee,
      department: row.department ?? null,
      escalation_level: row.escalation_level ?? 0,
      updated_at: row.updated_at,
      version: row.version,
      seq: row.seq,
      extra: row.extra,
    })
    .where('id', '=', e.id)
    .execute();
}
