import type { Kysely } from 'kysely';
import { Tour } from '../../src/contract/tour';
import type { Database } from './schema';

export interface StoredTour {
  tour: Tour;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * Tours saved from the editor (table `tours`). A save names the version it edited: the write is conditional on
 * it (insert when 0, update where the version still matches), so of two concurrent saves one wins and the other
 * is told, in SQLite and PostgreSQL alike, without locks.
 */
export class ToursRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<StoredTour | null> {
    const row = await this.db.selectFrom('tours').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toStored(row) : null;
  }

  async list(): Promise<StoredTour[]> {
    const rows = await this.db.selectFrom('tours').selectAll().orderBy('id').execute();
    return rows.map(toStored);
  }

  /** Stores `tour` as version `expected + 1`; null when the stored version is no longer `expected`. */
  async save(tour: Tour, expected: number, by: string, at: string): Promise<StoredTour | null> {
    const values = { tour: JSON.stringify(tour), version: expected + 1, updated_at: at, updated_by: by };
    const res =
      expected === 0
        ? await this.db
            .insertInto('tours')
            .values({ id: tour.id, ...values })
            .onConflict((oc) => oc.column('id').doNothing())
            .executeTakeFirst()
        : await this.db
            .updateTable('tours')
            .set(values)
            .where('id', '=', tour.id)
            .where('version', '=', expected)
            .executeTakeFirst();
    const changed = 'numInsertedOrUpdatedRows' in res ? res.numInsertedOrUpdatedRows : res.numUpdatedRows;
    if (!changed) return null;
    return { tour, version: expected + 1, updatedAt: at, updatedBy: by };
  }

  /** Drops the saved tour (the city pack's file is the tour again); false when none was saved. */
  async remove(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('tours').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toStored(row: Database['tours']): StoredTour {
  return {
    // Parsed on the way out too: what the SPA gets is a valid tour whatever happened to the row.
    tour: Tour.parse(JSON.parse(row.tour)),
    version: Number(row.version),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
