import type { Kysely } from 'kysely';
import { toUtcInstant } from '../../src/contract/time';
import type { Database } from './schema';

/**
 * Polling connectors' positions in their sources, by name (e.g. `city-management:cases`). A connector saves
 * its cursor only after everything it read up to there is stored, so a restart neither skips nor re-reads all.
 */
export class CursorsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(name: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('connector_cursors')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    const updated_at = toUtcInstant(Date.now());
    await this.db
      .insertInto('connector_cursors')
      .values({ name, value, updated_at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at }))
      .execute();
  }
}
