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
    // The entity-state topics (traffic, cameras, sensors, workers, warnings) shipped in StatesRepo without
    // their table: this creates it and starts each topic's sequence.
    '0002_entity_states': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('entity_states')
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('entity_states_pk', ['topic', 'id'])
          .execute();
        await db.schema
          .createIndex('entity_states_topic_seq')
          .on('entity_states')
          .columns(['topic', 'seq'])
          .execute();
        for (const topic of ['traffic', 'cameras', 'sensors', 'workers', 'warnings']) {
          await sql`insert into sequences (topic, value) values (${topic}, 0)`.execute(db);
        }
      },
    },
    // Where each polling connector stands in its source (e.g. the `updatedSince` of 数字城管), so a restart
    // resumes without re-reading everything or missing anything.
    '0003_connector_cursors': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('connector_cursors')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    // Accounts, sessions, wall devices, login throttling and the hash-chained audit log (security issue).
    '0010_accounts_sessions_audit': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('districts', 'text')
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('devices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('profile', 'text', (c) => c.notNull())
          .addColumn('districts', 'text')
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('revoked_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text')
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('principal_kind', 'text', (c) => c.notNull())
          .addColumn('principal_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('idle_timeout_s', 'integer')
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('user_agent', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_principal').on('sessions').column('principal_id').execute();
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('window_started_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'integer', autoId)
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('actor_role', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('address', 'text')
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
        await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'id']).execute();
        await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
        // Append-only in the store itself: the application has no update/delete path, and these triggers refuse
        // one from anywhere else. Someone who drops them still cannot hide an edit: the hash chain shows it.
        if (dialect === 'sqlite') {
          for (const op of ['UPDATE', 'DELETE']) {
            await sql
              .raw(
                `CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log ` +
                  `BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
              )
              .execute(db);
          }
        } else {
          await sql
            .raw(
              `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS ` +
                `$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
            )
            .execute(db);
          await sql
            .raw(
              `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log ` +
                `FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
            )
            .execute(db);
        }
      },
    },
    // The duty console (issue 6): lifecycle actions (the audited timeline), console-owned event columns, the
    // queue's indexes, saved views and the CAP messages the console publishes.
    '0020_console': {
      async up(db: Kysely<unknown>) {
        // Console-owned: a source redelivery's upsert never names these columns, so it cannot overwrite them.
        await db.schema.alterTable('events').addColumn('department', 'text').execute();
        await db.schema
          .alterTable('events')
          .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // The queue's indexes (bench/console-queue.bench.ts measures them at 1M events). Open events are a small
        // share of a long-running store: partial indexes over them keep "open in my district by SLA due" and
        // "overdue" to an index range however much history piles up; the queries repeat `status <> 'closed'`
        // so both SQLite and PostgreSQL can prove the partial index applies.
        for (const ddl of [
          `CREATE INDEX events_open_district_due ON events (district, sla_due_at) WHERE status <> 'closed'`,
          `CREATE INDEX events_open_due ON events (sla_due_at) WHERE status <> 'closed'`,
          `CREATE INDEX events_open_category_due ON events (category, sla_due_at) WHERE status <> 'closed'`,
          `CREATE INDEX events_status_severity_reported ON events (status, severity, reported_at)`,
          `CREATE INDEX events_source_reported ON events (source, reported_at)`,
          // Reopen on re-report: recently closed events of a category.
          `CREATE INDEX events_closed_category_updated ON events (category, updated_at) WHERE status = 'closed'`,
        ]) {
          await sql.raw(ddl).execute(db);
        }
        await db.schema
          .createTable('event_actions')
          .addColumn('id', 'integer', autoId)
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('actor_name', 'text')
          .addColumn('actor_role', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('from_status', 'text', (c) => c.notNull())
          .addColumn('to_status', 'text', (c) => c.notNull())
          .addColumn('before', 'text', (c) => c.notNull())
          .addColumn('after', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('event_actions_event')
          .on('event_actions')
          .columns(['event_id', 'id'])
          .execute();
        await db.schema
          .createTable('saved_views')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('saved_views_owner_name', ['owner_id', 'name'])
          .execute();
        await db.schema
          .createTable('cap_messages')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('identifier', 'text', (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('sent', 'text', (c) => c.notNull())
          .addColumn('msg_type', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('expires', 'text')
          .addColumn('references_ids', 'text', (c) => c.notNull())
          .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('published_by', 'text', (c) => c.notNull())
          .addColumn('xml', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('cap_messages_sent').on('cap_messages').column('sent').execute();
      },
    },
    '0041_dead_letter_replay': {
      // The outcome of replaying a dead letter (what it became, or why it was quarantined again).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('dead_letters').addColumn('replay_outcome', 'text').execute();
        await db.schema.alterTable('dead_letters').addColumn('replay_result', 'text').execute();
      },
    },
    // The video wall's layouts, saved per user (issue 8): grid, cameras per tile, patrol group, as JSON.
    '0080_video_layouts': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('video_layouts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('layout', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('video_layouts_owner_name', ['owner_id', 'name'])
          .execute();
      },
    },
    // Several server nodes on one PostgreSQL store (issue 10): the leader lease, each node's feed-health sample,
    // and the doorbell that tells every node a topic's sequence moved (see store/change-doorbell.ts).
    '0100_cluster': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          // Epoch milliseconds by the store's clock (never a node's: nodes' clocks may disagree).
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          // Bumped at every change of holder: a fencing token, and a count of takeovers.
          .addColumn('term', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('node_health')
          .addColumn('node_id', 'text', (c) => c.primaryKey())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        if (dialect === 'postgres') {
          // NOTIFY is transactional: delivered at commit, never for a rolled-back change, so a listener that reads
          // the store when it hears a topic's new value finds that value committed. One trigger covers every
          // writer (ingest, state writes, console actions) without any of them knowing about other nodes.
          await sql
            .raw(
              `CREATE FUNCTION city_brain_notify_sequence() RETURNS trigger LANGUAGE plpgsql AS ` +
                `$$ BEGIN PERFORM pg_notify('city_brain_sequences', ` +
                `TG_TABLE_SCHEMA || ' ' || NEW.topic || ' ' || NEW.value); RETURN NEW; END $$`,
            )
            .execute(db);
          await sql
            .raw(
              `CREATE TRIGGER sequences_notify AFTER UPDATE ON sequences ` +
                `FOR EACH ROW EXECUTE FUNCTION city_brain_notify_sequence()`,
            )
            .execute(db);
        }
      },
    },
    // Leader tours saved from the editor (issue 9); the city pack's file is the default until a tour is saved.
    // Named after 0100 (not 0090): stores that already ran 0100 must see this one as the next migration.
    '0109_tours': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('tours')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tour', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
