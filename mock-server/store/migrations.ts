import { randomUUID } from 'node:crypto';
import {
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Schema migrations, in order, written with the query builder so SQLite and PostgreSQL share them.
 * Never edit a migration that has shipped: add the next one.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  // The one dialect difference so far: how an auto-numbered key is declared.
  const autoId = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
    '0001_events_dead_letters': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('native_id', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('lon', 'double precision', (c) => c.notNull())
          .addColumn('lat', 'double precision', (c) => c.notNull())
          .addColumn('district', 'text')
          .addColumn('street', 'text')
          .addColumn('grid', 'text')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('reported_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('source_updated_at', 'text', (c) => c.notNull())
          .addColumn('sla_due_at', 'text')
          .addColumn('assignee', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('extra', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_seq').on('events').column('seq').unique().execute();
        await db.schema.createIndex('events_reported_at').on('events').column('reported_at').execute();
        await db.schema
          .createIndex('events_status_reported')
          .on('events')
          .columns(['status', 'reported_at'])
          .execute();
        await db.schema
          .createIndex('events_district_reported')
          .on('events')
          .columns(['district', 'reported_at'])
          .execute();

        await db.schema
          .createTable('dead_letters')
          .addColumn('id', 'integer', autoId)
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('raw', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('replayed_at', 'text')
          .execute();
        await db.schema
          .createIndex('dead_letters_source')
          .on('dead_letters')
          .columns(['source', 'id'])
          .execute();

        await db.schema
          .createTable('sequences')
          .addColumn('topic', 'text', (c) => c.primaryKey())
          .addColumn('value', 'bigint', (c) => c.notNull())
          .execute();
        await sql`insert into sequences (topic, value) values ('events', 0)`.execute(db);

        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        // Identifies this store's sequence numbers: a client resuming against another store gets a snapshot.
        await sql`insert into meta (key, value) values ('store_id', ${randomUUID()})`.execute(db);
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
