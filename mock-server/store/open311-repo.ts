import type { Kysely } from 'kysely';
import type { Event } from '../../src/contract/event';
import { rowToEvent } from './events-repo';
import type { Database } from './schema';

export interface Open311Filter {
  ids?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  status?: 'open' | 'closed' | undefined;
  start: string;
  end: string;
  limit: number;
}

/** Requests submitted through the Open311 API (source `open311`), for its GET endpoints. */
export class Open311Repo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(f: Open311Filter): Promise<Event[]> {
    let q = this.db.selectFrom('events').selectAll().where('source', '=', 'open311');
    if (f.ids?.length) q = q.where('native_id', 'in', f.ids);
    else q = q.where('reported_at', '>=', f.start).where('reported_at', '<=', f.end);
    if (f.serviceCodes?.length) q = q.where('category', 'in', f.serviceCodes);
    if (f.status === 'closed') q = q.where('status', '=', 'closed');
    if (f.status === 'open') q = q.where('status', '<>', 'closed');
    const rows = await q.orderBy('reported_at', 'desc').orderBy('id').limit(f.limit).execute();
    return rows.map(rowToEvent);
  }
}
