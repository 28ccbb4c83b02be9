import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditQuery, AuditVerifyResult } from '../../src/contract/auth';
import type { Dialect } from './migrations';
import type { AuditLogTable, Database } from './schema';

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);
/** Details beyond this many characters of JSON are cut (an entry is a record of who did what, not a dump). */
const MAX_DETAILS = 4000;

export interface AuditDraft {
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  address: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit log: append-only (no update or delete here, and store triggers refuse them) and tamper-evident.
 * Each entry stores the SHA-256 of the previous entry's hash and its own content, including its id, so an
 * edited, removed or reordered row breaks the chain at that row.
 */
export class AuditRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  /** Appends one entry in a transaction (the previous hash is read and the row written atomically). */
  async append(draft: AuditDraft): Promise<AuditEntry> {
    // Inside a caller's transaction (the change being audited), append there; otherwise in our own.
    if (this.db.isTransaction) return this.appendIn(this.db, draft);
    return this.db.transaction().execute((trx) => this.appendIn(trx, draft));
  }

  private async appendIn(trx: Kysely<Database>, draft: AuditDraft): Promise<AuditEntry> {
    // One writer at a time extends the chain: SQLite serializes transactions already; PostgreSQL's pool
    // could run two, so they take a transaction-scoped advisory lock (7301: this table's lock number).
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7301)`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const id = (last ? Number(last.id) : 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    let details = JSON.stringify(draft.details);
    if (details.length > MAX_DETAILS) details = JSON.stringify({ truncated: details.slice(0, MAX_DETAILS) });
    const row = {
      id,
      at: draft.at,
      actor: draft.actor.slice(0, 200),
      actor_role: draft.actorRole,
      action: draft.action.slice(0, 80),
      target: draft.target === null ? null : draft.target.slice(0, 400),
      outcome: draft.outcome,
      address: draft.address === null ? null : draft.address.slice(0, 100),
      details,
      prev_hash: prevHash,
    };
    const hash = entryHash(row);
    await trx
      .insertInto('audit_log')
      .values({ ...row, hash })
      .execute();
    return toEntry({ ...row, hash });
  }

  async search(q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    let base = this.db.selectFrom('audit_log');
    if (q.actor) base = base.where('actor', '=', q.actor);
    if (q.action)
      // `auth` finds auth.login, auth.logout …; the query's action is [a-z0-9.-] only, so LIKE has no wildcard in it.
      base = base.where((eb) =>
        eb.or([eb('action', '=', q.action!), eb('action', 'like', `${q.action!}.%`)]),
      );
    if (q.target) base = base.where('target', '=', q.target);
    if (q.from) base = base.where('at', '>=', q.from);
    if (q.to) base = base.where('at', '<=', q.to);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toEntry), total: Number(count.n) };
  }

  verify(): Promise<AuditVerifyResult> {
    return verifyAuditChain(this.db);
  }
}

/**
 * Walks the whole log in id order and names the first entry that does not verify: a gap in the ids (a
 * deleted row), a `prev_hash` that is not the previous entry's hash, or a hash that is not its content's.
 */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 2000): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>=', expectedId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const id = Number(r.id);
      const bad = (badId: number, reason: string): AuditVerifyResult => ({
        ok: false,
        entries,
        firstBad: { id: badId, reason },
        headHash: null,
      });
      if (id !== expectedId) return bad(expectedId, `entry is missing (the next entry is ${id})`);
      if (r.prev_hash !== prevHash)
        return bad(
          id,
          "prev_hash is not the previous entry's hash (an earlier entry was changed or removed)",
        );
      if (entryHash({ ...r, id }) !== r.hash)
        return bad(id, 'content does not match its hash (entry was modified)');
      prevHash = r.hash;
      expectedId = id + 1;
      entries++;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, entries, firstBad: null, headHash: entries > 0 ? prevHash : null };
}

/** SHA-256 over the entry's fields in a fixed order, its id and the previous hash included. */
export function entryHash(r: Omit<Selectable<AuditLogTable>, 'hash'>): string {
  const content = JSON.stringify([
    Number(r.id),
    r.at,
    r.actor,
    r.actor_role,
    r.action,
    r.target,
    r.outcome,
    r.address,
    r.details,
    r.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    actorRole: r.actor_role,
    action: r.action,
    target: r.target,
    outcome: r.outcome as AuditEntry['outcome'],
    address: r.address,
    details: JSON.parse(r.details) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
