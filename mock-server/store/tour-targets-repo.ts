import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Event } from '../../src/contract/event';
import { rowToEvent } from './events-repo';
import type { Database } from './schema';

/** The partial indexes' own condition (see console-queue-repo.ts): a literal, so the planner can use them. */
const OPEN = sql<SqlBool>`status <> 'closed'`;

export interface OpenEventsFilter {
  /** The caller's districts (undefined: the whole city; empty: nothing). */
  districts?: readonly string[] | undefined;
  /** Only this category. */
  category?: string | undefined;
  /** Never these categories (what safe mode hides). */
  excludeCategories?: readonly string[];
}

/** Reads over open events for a tour's live references (resolved when a scene is shown). */
export class TourTargetsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  private open(f: OpenEventsFilter) {
    let q = this.db.selectFrom('events').where(OPEN);
    if (f.districts !== undefined) {
      if (f.districts.length === 0) return null;
      q = q.where('district', 'in', f.districts);
    }
    if (f.category !== undefined) q = q.where('category', '=', f.category);
    if (f.excludeCategories?.length) q = q.where('category', 'not in', f.excludeCategories);
    return q;
  }

  /** The most severe open event ('I' < 'II' < … as text), the newest among equals. */
  async mostSevere(f: OpenEventsFilter): Promise<Event | null> {
    const q = this.open(f);
    if (!q) return null;
    const row = await q
      .selectAll()
      .orderBy('severity')
      .orderBy('reported_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row ? rowToEvent(row) : null;
  }

  /** The 街道 with most open events, and how many. */
  async busiestStreet(f: OpenEventsFilter): Promise<{ street: string; open: number } | null> {
    const q = this.open(f);
    if (!q) return null;
    const row = await q
      .where('street', 'is not', null)
      .select((eb) => ['street', eb.fn.countAll<number>().as('n')])
      .groupBy('street')
      .orderBy('n', 'desc')
      .orderBy('street')
      .limit(1)
      .executeTakeFirst();
    return row?.street ? { street: row.street, open: Number(row.n) } : null;
  }

  /** Open events in one district. */
  async openIn(district: string, f: OpenEventsFilter): Promise<number> {
    const q = this.open(f);
    if (!q) return 0;
    const row = await q
      .where('district', '=', district)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
