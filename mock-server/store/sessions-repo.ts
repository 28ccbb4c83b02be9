import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from './schema';

export type SessionRow = Selectable<SessionsTable>;

/** Server-side sessions: the cookie carries a random token, the store its HMAC; revocation is a column. */
export class SessionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionsTable): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async byTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const r = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ?? null;
  }

  async byId(id: string): Promise<SessionRow | null> {
    return (await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  /** Ends one session; returns whether it was still open. */
  async revoke(id: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Ends every open session of a user or device; returns the ids ended. */
  async revokeAllOf(principalId: string, now: string): Promise<string[]> {
    const open = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('principal_id', '=', principalId)
      .where('revoked_at', 'is', null)
      .execute();
    if (open.length === 0) return [];
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('principal_id', '=', principalId)
      .where('revoked_at', 'is', null)
      .execute();
    return open.map((r) => r.id);
  }

  /** Sessions not revoked and not past their absolute expiry (idle expiry is judged by the caller). */
  async listOpen(now: string, principalId?: string): Promise<SessionRow[]> {
    let q = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now);
    if (principalId) q = q.where('principal_id', '=', principalId);
    return q.orderBy('created_at', 'desc').execute();
  }

  /** Forgets sessions that ended before `before` (kept a while for the admin's view; the audit log keeps the rest). */
  async purgeEndedBefore(before: string): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .execute();
  }
}

/** Persistent login failure counters per account and per address (a restart does not reset a lockout). */
export class LoginThrottleRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string) {
    return (
      (await this.db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst()) ??
      null
    );
  }

  async put(row: { key: string; failures: number; window_started_at: string; locked_until: string | null }) {
    await this.db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: row.failures,
          window_started_at: row.window_started_at,
          locked_until: row.locked_until,
        }),
      )
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
