import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SavedView, type SavedViewInput } from '../../src/contract/console';
import type { Database } from './schema';

/** At most this many saved views per user: a list to pick from, not a store. */
export const MAX_VIEWS_PER_USER = 50;

/** Queue views saved per user (name + query parameters). A view saved under an existing name replaces it. */
export class SavedViewsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(ownerId: string): Promise<SavedView[]> {
    const rows = await this.db
      .selectFrom('saved_views')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .orderBy('created_at')
      .orderBy('name')
      .execute();
    return rows.map((r) =>
      SavedView.parse({ id: r.id, name: r.name, query: JSON.parse(r.query), createdAt: r.created_at }),
    );
  }

  /** Saves (or replaces by name); null when the user already has the maximum number of views. */
  async save(ownerId: string, view: SavedViewInput, now: string): Promise<SavedView | null> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('saved_views')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where('name', '=', view.name)
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('saved_views')
          .set({ query: JSON.stringify(view.query) })
          .where('id', '=', existing.id)
          .execute();
        return { id: existing.id, ...view, createdAt: now };
      }
      const count = await trx
        .selectFrom('saved_views')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', ownerId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_VIEWS_PER_USER) return null;
      const id = randomUUID();
      await trx
        .insertInto('saved_views')
        .values({
          id,
          owner_id: ownerId,
          name: view.name,
          query: JSON.stringify(view.query),
          created_at: now,
        })
        .execute();
      return { id, ...view, createdAt: now };
    });
  }

  /** Deletes one of the owner's views; false when there is none with that id (or it is someone else's). */
  async remove(ownerId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('saved_views')
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
