import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { type z } from 'zod';
import { Event, type EventDraft, eventId, type Event as EventT } from '../../src/contract/event';
import type { EventQuery } from '../../src/contract/rest';
import type { IntakeOutcome } from '../../src/contract/rest';
import { consistentRead } from './consistent-read';
import { withoutNul } from './text';
import { lockKeys } from './key-locks';
import type { Database, EventsTable } from './schema';

const Extra = Event.pick({
  relatedIds: true,
  cameraIds: true,
  reporter: true,
  attributes: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
});

export interface EventsRepoOptions {
  /** PostgreSQL locks the rows a batch reads (FOR UPDATE), so a console action between read and write is not lost. */
  dialect?: 'sqlite' | 'postgres';
  /** Fills console-owned fields of a new event before it is stored (the duty console starts its SLA clock). */
  initialize?: (e: EventT) => EventT;
}

export interface ApplyResult {
  outcome: Exclude<IntakeOutcome, 'quarantined'>;
  id: string;
  /** The stored event after the change and its sequence number; absent for duplicates and stale redeliveries. */
  event?: EventT;
  seq?: number;
  /** A stored event whose only change is a new correlation link (listed after the drafts' own results). */
  linkedOnly?: true;
}

/**
 * Correlation inside the store's transaction: given the events a batch creates, the pairs (new id, other id) that
 * report the same incident. The other may be new in the batch too, or already stored.
 */
export type Linker = (created: readonly EventT[]) => readonly (readonly [string, string])[];

/** Most links one event keeps (the contract's bound on `relatedIds`). */
const MAX_RELATED = 200;

/** Events in the store: the one place rows become contract Events and back. */
export class EventsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: EventsRepoOptions = {},
  ) {}

  /**
   * Stores adapter drafts in one transaction. New ids are inserted as `reported`; a redelivery with a newer
   * source time updates the source's facts (never the lifecycle fields the console owns); the same or an
   * older source time changes nothing (idempotent, and out-of-order updates cannot overwrite newer state).
   */
  async applyDrafts(
    input: readonly EventDraft[],
    now: string,
    opts: { link?: Linker } = {},
  ): Promise<ApplyResult[]> {
    if (input.length === 0) return [];
    const drafts = input.map(withoutNul);
    return this.db.transaction().execute(async (trx) => {
      const ids = [...new Set(drafts.map((d) => eventId(d.source, d.nativeId)))];
      // Two writers of one new event (a redelivery reaching two nodes at once) take turns (store/key-locks.ts).
      await lockKeys(trx, this.opts.dialect ?? 'sqlite', ids);
      const existing = new Map<string, EventT>();
      for (let i = 0; i < ids.length; i += 500) {
        const query = trx
          .selectFrom('events')
          .selectAll()
          .where('id', 'in', ids.slice(i, i + 500));
        // PostgreSQL runs transactions concurrently: without the lock, a lifecycle action committed between this
        // read and the upsert below would be overwritten with the state read here. SQLite runs one at a time.
        const rows = await (this.opts.dialect === 'postgres' ? query.forUpdate() : query).execute();
        for (const r of rows) existing.set(r.id, rowToEvent(r));
      }
      const results: ApplyResult[] = [];
      const changed: EventT[] = [];
      for (const draft of drafts) {
        const id = eventId(draft.source, draft.nativeId);
        const prev = existing.get(id);
        if (prev && draft.sourceUpdatedAt <= prev.sourceUpdatedAt) {
          results.push({
            outcome: draft.sourceUpdatedAt === prev.sourceUpdatedAt ? 'duplicate' : 'stale',
            id,
          });
          continue;
        }
        const fresh: EventT = {
          ...draft,
          id,
          status: 'reported',
          updatedAt: now,
          slaDueAt: null,
          assignee: null,
          relatedIds: [],
          version: 1,
        };
        const next: EventT = prev
          ? { ...prev, ...draft, id, updatedAt: now, version: prev.version + 1 }
          : (this.opts.initialize?.(fresh) ?? fresh);
        existing.set(id, next);
        changed.push(next);
        results.push({ outcome: prev ? 'updated' : 'accepted', id, event: next });
      }
      if (opts.link) {
        const created = results.flatMap((r) => (r.outcome === 'accepted' && r.event ? [r.event] : []));
        const pairs = created.length > 0 ? opts.link(created) : [];
        if (pairs.length > 0) await this.addRelations(trx, pairs, existing, changed, results, now);
      }
      if (changed.length > 0) {
        // Several drafts for one id in a batch: only the last state is written, under one sequence number.
        const latest = [...new Map(changed.map((e) => [e.id, e])).values()];
        const top = await trx
          .updateTable('sequences')
          .set({ value: sql`value + ${latest.length}` })
          .where('topic', '=', 'events')
          .returning('value')
          .executeTakeFirstOrThrow();
        let seq = Number(top.value) - latest.length;
        const seqOf = new Map<string, number>();
        const rows = latest.map((e) => {
          seqOf.set(e.id, ++seq);
          return eventToRow(e, seq);
        });
        for (const r of results) if (r.event) r.seq = seqOf.get(r.id)!;
        for (let i = 0; i < rows.length; i += 400) {
          await trx
            .insertInto('events')
            .values(rows.slice(i, i + 400))
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                category: eb.ref('excluded.category'),
                severity: eb.ref('excluded.severity'),
                lon: eb.ref('excluded.lon'),
                lat: eb.ref('excluded.lat'),
                district: eb.ref('excluded.district'),
                street: eb.ref('excluded.street'),
                grid: eb.ref('excluded.grid'),
                title: eb.ref('excluded.title'),
                description: eb.ref('excluded.description'),
                address: eb.ref('excluded.address'),
                reported_at: eb.ref('excluded.reported_at'),
                updated_at: eb.ref('excluded.updated_at'),
                source_updated_at: eb.ref('excluded.source_updated_at'),
                version: eb.ref('excluded.version'),
                seq: eb.ref('excluded.seq'),
                extra: eb.ref('excluded.extra'),
              })),
            )
            .execute();
        }
      }
      return results;
    });
  }

  /**
   * Links both sides of each pair (symmetric `relatedIds`), in the caller's transaction so a batch and its links
   * commit together. An event already changing in the batch takes the link into that change; a stored one gets a
   * change of its own (new version, and a sequence number with the batch's, so live clients see the link).
   */
  private async addRelations(
    trx: Transaction<Database>,
    pairs: readonly (readonly [string, string])[],
    existing: Map<string, EventT>,
    changed: EventT[],
    results: ApplyResult[],
    now: string,
  ): Promise<void> {
    const missing = [...new Set(pairs.flat())].filter((id) => !existing.has(id));
    if (missing.length > 0) {
      const query = trx.selectFrom('events').selectAll().where('id', 'in', missing);
      const rows = await (this.opts.dialect === 'postgres' ? query.forUpdate() : query).execute();
      for (const r of rows) existing.set(r.id, rowToEvent(r));
    }
    const inBatch = new Set(changed);
    const touched = new Map<string, EventT>();
    const edit = (id: string): EventT | null => {
      const e = existing.get(id);
      if (!e) return null;
      if (inBatch.has(e)) return e;
      let next = touched.get(id);
      if (!next) {
        next = { ...e, relatedIds: [...e.relatedIds], updatedAt: now, version: e.version + 1 };
        touched.set(id, next);
      }
      return next;
    };
    for (const [a, b] of pairs) {
      if (a === b) continue;
      const x = edit(a);
      const y = edit(b);
      if (!x || !y) continue;
      if (!x.relatedIds.includes(b) && x.relatedIds.length < MAX_RELATED) x.relatedIds = [...x.relatedIds, b];
      if (!y.relatedIds.includes(a) && y.relatedIds.length < MAX_RELATED) y.relatedIds = [...y.relatedIds, a];
    }
    for (const [id, next] of touched) {
      existing.set(id, next);
      changed.push(next);
      results.push({ outcome: 'updated', id, event: next, linkedOnly: true });
    }
  }

  async get(id: string): Promise<EventT | null> {
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToEvent(row) : null;
  }

  async list(q: EventQuery): Promise<{ items: EventT[]; total: number }> {
    let base = this.db.selectFrom('events');
    if (q.source?.length) base = base.where('source', 'in', q.source);
    if (q.status?.length) base = base.where('status', 'in', q.status);
    if (q.severity?.length) base = base.where('severity', 'in', q.severity);
    if (q.category?.length) base = base.where('category', 'in', q.category);
    if (q.district?.length) base = base.where('district', 'in', q.district);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('reported_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(rowToEvent), total: Number(count.n) };
  }

  /** Events reported since `since` (UTC instant) that are still open, of the given categories: what correlation indexes. */
  async openSince(since: string, categories: readonly string[]): Promise<EventT[]> {
    if (categories.length === 0) return [];
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('reported_at', '>=', since)
      .where('category', 'in', categories)
      .where('status', 'not in', ['resolved', 'verified', 'closed'])
      .orderBy('reported_at')
      .execute();
    return rows.map(rowToEvent);
  }

  /** Current sequence number of the events topic. */
  async currentSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('sequences')
      .select('value')
      .where('topic', '=', 'events')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  /** All events and the sequence they are consistent with, read in one transaction. */
  async snapshot(): Promise<{ seq: number; items: EventT[] }> {
    return consistentRead(this.db, async (trx) => {
      const rows = await trx.selectFrom('events').selectAll().orderBy('seq').execute();
      const top = await trx
        .selectFrom('sequences')
        .select('value')
        .where('topic', '=', 'events')
        .executeTakeFirstOrThrow();
      return { seq: Number(top.value), items: rows.map(rowToEvent) };
    });
  }

  /** Latest state of every event changed after `seq`, oldest change first; null when more than `limit`. */
  async changesSince(seq: number, limit: number): Promise<{ toSeq: number; items: EventT[] } | null> {
    return consistentRead(this.db, async (trx) => {
      const rows = await trx
        .selectFrom('events')
        .selectAll()
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit + 1)
        .execute();
      if (rows.length > limit) return null;
      const top = await trx
        .selectFrom('sequences')
        .select('value')
        .where('topic', '=', 'events')
        .executeTakeFirstOrThrow();
      return { toSeq: Number(top.value), items: rows.map(rowToEvent) };
    });
  }

  /**
   * The store's changes after `seq`, oldest first, each with its sequence number (the live tail of every node).
   * At most `limit` items: then `toSeq` is the last one's number and the rest follow from there; otherwise
   * `toSeq` is the topic's current number (or `seq` when nothing followed it). Gap-free: an event changed again later
   * is listed at its later number.
   */
  async changesAfter(
    seq: number,
    limit: number,
  ): Promise<{ toSeq: number; items: { seq: number; item: EventT }[] }> {
    // One statement: rows and the topic's number from one snapshot, one round trip (see stateChangesAfter).
    const rows = await this.db
      .selectFrom('events')
      .selectAll('events')
      .select((eb) => eb.selectFrom('sequences').select('value').where('topic', '=', 'events').as('top'))
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const page = rows.length > limit ? rows.slice(0, limit) : rows;
    const items = page.map(({ top: _top, ...r }) => ({ seq: Number(r.seq), item: rowToEvent(r) }));
    if (rows.length > limit) return { toSeq: items[items.length - 1]!.seq, items };
    // Nothing after `seq` in this snapshot: no progress (a second statement could see commits this one did not).
    return { toSeq: rows.length > 0 ? Math.max(seq, Number(rows[0]!.top)) : seq, items };
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export function eventToRow(e: EventT, seq: number): EventsTable {
  return {
    id: e.id,
    source: e.source,
    native_id: e.nativeId,
    category: e.category,
    severity: e.severity,
    status: e.status,
    lon: e.location.lon,
    lat: e.location.lat,
    district: e.district,
    street: e.street,
    grid: e.grid,
    title: e.title,
    description: e.description,
    address: e.address,
    reported_at: e.reportedAt,
    updated_at: e.updatedAt,
    source_updated_at: e.sourceUpdatedAt,
    sla_due_at: e.slaDueAt,
    assignee: e.assignee,
    version: e.version,
    seq,
    extra: JSON.stringify({
      relatedIds: e.relatedIds,
      cameraIds: e.cameraIds,
      reporter: e.reporter,
      attributes: e.attributes,
      ...(e.acknowledgedAt
        ? { acknowledgedAt: e.acknowledgedAt, acknowledgedBy: e.acknowledgedBy ?? null }
        : {}),
    } satisfies z.infer<typeof Extra>),
    department: e.department ?? null,
    escalation_level: e.escalationLevel ?? 0,
  };
}

/** Rows are parsed on the way out: the store is a boundary too. */
export function rowToEvent(r: Selectable<EventsTable>): EventT {
  return Event.parse({
    id: r.id,
    source: r.source,
    nativeId: r.native_id,
    category: r.category,
    severity: r.severity,
    status: r.status,
    location: { lon: r.lon, lat: r.lat },
    address: r.address,
    district: r.district,
    street: r.street,
    grid: r.grid,
    title: r.title,
    description: r.description,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    sourceUpdatedAt: r.source_updated_at,
    slaDueAt: r.sla_due_at,
    assignee: r.assignee,
    version: r.version,
    department: r.department ?? null,
    escalationLevel: r.escalation_level ?? 0,
    ...Extra.parse(JSON.parse(r.extra)),
  });
}
