import {
  sql,
  type AliasedSelectQueryBuilder,
  type Expression,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import { QUEUE_COUNT_CAP, type QueueCounts, type QueueQuery } from '../../src/contract/console';
import { EVENT_STATUSES, type Event, type EventStatus } from '../../src/contract/event';

const OPEN_STATUSES = EVENT_STATUSES.filter((s) => s !== 'closed');
/** A text search counts its matches among at most this many candidates (the page itself stops at 50 matches). */
export const SEARCH_SCAN_CAP = 5_000;
import { rowToEvent } from './events-repo';
import type { Dialect } from './migrations';
import type { Database } from './schema';

type Base = SelectQueryBuilder<Database, 'events', object>;

/**
 * The partial indexes' own condition, as a literal: a planner proves a partial index applies only from the same
 * expression in the query, and a bound parameter (`status <> ?`) proves nothing (SQLite; PostgreSQL generic plans).
 */
const OPEN = sql<SqlBool>`status <> 'closed'`;
const CLOSED = sql<SqlBool>`status = 'closed'`;

/**
 * The duty console's reads over `events`: the queue (filters, full-text, sort, capped totals), its counts,
 * and the candidates the escalation sweep and the reopen check look at. Index design (migration 0020, measured
 * by bench/console-queue.bench.ts at 1M events): open events are a small share of a long-running store, so the
 * queue's common shapes run on partial indexes over `status <> 'closed'`; queries restricted to open statuses
 * repeat that condition so both SQLite and PostgreSQL use them.
 *
 * Full text (Chinese included) is a substring match (`instr` in SQLite, `strpos` in PostgreSQL) over title,
 * description and address, applied after the indexed filters: the queue's usual search runs over open events
 * (an index range), and a search over all history scans. Chinese needs no tokenizer for substring matching,
 * whereas FTS5's trigram tokenizer and pg_trgm cannot serve the two-character queries (积水, 井盖) officers
 * type most; see docs/ARCHITECTURE.md.
 */
export class ConsoleQueueRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async queue(
    q: Omit<QueueQuery, 'district'> & { district?: string[] | undefined },
    now: string,
  ): Promise<{ items: Event[]; total: number; totalCapped: boolean }> {
    const openOnly = isOpenOnly(q);
    const base = this.filtered(q, now, openOnly);
    let page = base.selectAll();
    switch (q.sort) {
      case 'sla':
        page = openOnly
          ? page.orderBy('sla_due_at').orderBy('id')
          : page
              .orderBy(sql`sla_due_at is null`)
              .orderBy('sla_due_at')
              .orderBy('reported_at', 'desc');
        break;
      case 'reported':
        page = page.orderBy('reported_at', 'desc').orderBy('id');
        break;
      case 'updated':
        page = page.orderBy('updated_at', 'desc').orderBy('id');
        break;
      case 'severity':
        // 'I' < 'II' < 'III' < 'IV' as text: the most severe first.
        page = page
          .orderBy('severity')
          .orderBy(sql`sla_due_at is null`)
          .orderBy('sla_due_at')
          .orderBy('id');
        break;
    }
    const [rows, total] = await Promise.all([
      page.limit(q.limit).offset(q.offset).execute(),
      this.total(q, now, openOnly),
    ]);
    return { items: rows.map(rowToEvent), ...total };
  }

  /**
   * How many events the query finds, counting at most QUEUE_COUNT_CAP (then `totalCapped`: "at least"). A text
   * search counts its matches among at most SEARCH_SCAN_CAP candidates, so a search over a large open set costs a
   * bounded scan, not every row: the page itself stops at its first matches.
   */
  private async total(
    q: Omit<QueueQuery, 'district'> & { district?: string[] | undefined },
    now: string,
    openOnly: boolean,
  ): Promise<{ total: number; totalCapped: boolean }> {
    const count = async (from: AliasedSelectQueryBuilder<{ one: number }, 'capped'>) =>
      Number(
        (
          await this.db
            .selectFrom(from)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const ones = (qb: Base) => qb.select(sql<number>`1`.as('one'));
    if (!q.q) {
      const n = await count(
        ones(this.filtered(q, now, openOnly))
          .limit(QUEUE_COUNT_CAP + 1)
          .as('capped'),
      );
      return { total: Math.min(n, QUEUE_COUNT_CAP), totalCapped: n > QUEUE_COUNT_CAP };
    }
    const { q: text, ...rest } = q;
    const candidates = this.filtered(rest, now, openOnly)
      .select(['title', 'description', 'address'])
      .limit(SEARCH_SCAN_CAP + 1);
    const [n, scanned] = await Promise.all([
      count(
        this.db
          .selectFrom(candidates.as('c'))
          .select(sql<number>`1`.as('one'))
          .where(this.textMatch(text, 'c'))
          .limit(QUEUE_COUNT_CAP + 1)
          .as('capped'),
      ),
      count(
        ones(this.filtered(rest, now, openOnly))
          .limit(SEARCH_SCAN_CAP + 1)
          .as('capped'),
      ),
    ]);
    return {
      total: Math.min(n, QUEUE_COUNT_CAP),
      totalCapped: n > QUEUE_COUNT_CAP || scanned > SEARCH_SCAN_CAP,
    };
  }

  /** The same query's WHERE, for the queue and for hand-written comparisons (bench). */
  filtered(
    q: Pick<QueueQuery, 'status' | 'source' | 'category' | 'severity' | 'overdue' | 'q'> & {
      district?: string[] | undefined;
    },
    now: string,
    openOnly = isOpenOnly(q),
  ): Base {
    let base: Base = this.db.selectFrom('events');
    // Every open status is what the partial indexes hold already: the list would only cost a row read each.
    const allOpen =
      !!q.status && OPEN_STATUSES.every((s) => q.status!.includes(s)) && !q.status.includes('closed');
    if (q.status?.length && !allOpen) base = base.where('status', 'in', q.status);
    if (openOnly) base = base.where(OPEN);
    if (q.district?.length) base = base.where('district', 'in', q.district);
    if (q.source?.length) base = base.where('source', 'in', q.source);
    if (q.category?.length) base = base.where('category', 'in', q.category);
    if (q.severity?.length) base = base.where('severity', 'in', q.severity);
    if (q.overdue) base = base.where('sla_due_at', '<', now);
    if (q.q) base = base.where(this.textMatch(q.q));
    return base;
  }

  /**
   * Substring match over title, description and address; Latin letters case-insensitively. A needle without
   * Latin letters (Chinese, digits) is matched as is: lower() would only cost a copy of every row's text.
   */
  textMatch(needle: string, table?: string): Expression<SqlBool> {
    const fn = this.dialect === 'postgres' ? sql`strpos` : sql`instr`;
    const col = (c: string) => (table ? sql.ref(`${table}.${c}`) : sql.ref(c));
    const [title, description, address] = [col('title'), col('description'), col('address')];
    if (!/[A-Za-z]/.test(needle))
      return sql<SqlBool>`(${fn}(${title}, ${needle}) > 0 or ${fn}(${description}, ${needle}) > 0 or ${fn}(${address}, ${needle}) > 0)`;
    const n = needle.toLowerCase();
    return sql<SqlBool>`(${fn}(lower(${title}), ${n}) > 0 or ${fn}(lower(${description}), ${n}) > 0 or ${fn}(lower(${address}), ${n}) > 0)`;
  }

  async counts(district: string[] | undefined, now: string): Promise<QueueCounts> {
    let open = this.db.selectFrom('events').where(OPEN);
    if (district?.length) open = open.where('district', 'in', district);
    const [byStatus, overdue, escalated] = await Promise.all([
      open
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
      open
        .where('sla_due_at', '<', now)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      open
        .where('escalation_level', '>', 0)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const counts = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
    for (const r of byStatus) counts[r.status as EventStatus] = Number(r.n);
    return { byStatus: counts, overdue: Number(overdue.n), escalated: Number(escalated.n) };
  }

  /** Open events due before `before` still below `belowLevel` on the ladder, most overdue first. */
  async overdue(
    before: string,
    belowLevel: number,
    limit: number,
  ): Promise<Pick<Event, 'id' | 'slaDueAt'>[]> {
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'sla_due_at'])
      .where(OPEN)
      .where('sla_due_at', '<=', before)
      .where('escalation_level', '<', belowLevel)
      .orderBy('sla_due_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, slaDueAt: r.sla_due_at }));
  }

  /** Open events without an SLA clock (stored before the console existed). */
  async withoutSla(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('events')
      .select('id')
      .where(OPEN)
      .where('sla_due_at', 'is', null)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Events of `category` closed (last changed) since `since` inside the box [w, s, e, n]. */
  async recentlyClosed(
    category: string,
    since: string,
    box: readonly number[],
    exclude: string,
  ): Promise<Event[]> {
    const [w, s, e, n] = box as [number, number, number, number];
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where(CLOSED)
      .where('category', '=', category)
      .where('updated_at', '>=', since)
      .where('lon', '>=', w)
      .where('lon', '<=', e)
      .where('lat', '>=', s)
      .where('lat', '<=', n)
      .where('id', '<>', exclude)
      .limit(50)
      .execute();
    return rows.map(rowToEvent);
  }

  async byIds(ids: readonly string[]): Promise<Event[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('events').selectAll().where('id', 'in', ids).execute();
    return rows.map(rowToEvent);
  }
}

/** Whether the query asks for open events only (so the partial indexes apply). */
export function isOpenOnly(q: Pick<QueueQuery, 'status' | 'overdue'>): boolean {
  return q.overdue === true || (!!q.status?.length && !q.status.includes('closed'));
}
