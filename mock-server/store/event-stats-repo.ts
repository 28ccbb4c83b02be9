import type { Kysely } from 'kysely';
import type { EventsHourly, EventsHourlyQuery } from '../../src/contract/stats';
import { toUtcInstant } from '../../src/contract/time';
import type { Database } from './schema';

const HOUR_MS = 3_600_000;

/**
 * Aggregates over the events table for the wall's charts. Instants are stored as ISO-8601 UTC text, so the
 * first 13 characters (`YYYY-MM-DDTHH`) are the UTC hour in both SQLite and PostgreSQL (`substr`).
 */
export class EventStatsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async hourly(q: EventsHourlyQuery, now: number): Promise<EventsHourly> {
    const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS; // end of the current hour
    const start = end - q.hours * HOUR_MS;
    const from = toUtcInstant(start);
    let reported = this.db
      .selectFrom('events')
      .select((eb) => [
        eb.fn<string>('substr', [eb.ref('reported_at'), eb.val(1), eb.val(13)]).as('hour'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('reported_at', '>=', from);
    let closed = this.db
      .selectFrom('events')
      .select((eb) => [
        eb.fn<string>('substr', [eb.ref('updated_at'), eb.val(1), eb.val(13)]).as('hour'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('status', '=', 'closed')
      .where('updated_at', '>=', from);
    if (q.district !== undefined) {
      // An empty district list (asked only outside the caller's scope) matches nothing, not everything.
      const districts = q.district.length > 0 ? q.district : ['-'];
      reported = reported.where('district', 'in', districts);
      closed = closed.where('district', 'in', districts);
    }
    if (q.source?.length) {
      reported = reported.where('source', 'in', q.source);
      closed = closed.where('source', 'in', q.source);
    }
    const [r, c] = await Promise.all([reported.groupBy('hour').execute(), closed.groupBy('hour').execute()]);
    const byHour = (rows: { hour: string; n: number | string | bigint }[]) =>
      new Map(rows.map((row) => [row.hour, Number(row.n)]));
    const reportedBy = byHour(r);
    const closedBy = byHour(c);
    const buckets: EventsHourly['buckets'] = [];
    for (let t = start; t < end; t += HOUR_MS) {
      const key = toUtcInstant(t).slice(0, 13);
      buckets.push({
        start: toUtcInstant(t),
        reported: reportedBy.get(key) ?? 0,
        closed: closedBy.get(key) ?? 0,
      });
    }
    return { from, to: toUtcInstant(end), buckets };
  }
}
