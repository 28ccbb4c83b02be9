import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore } from '../../tests/helpers/test-store';
import type { Db } from './db';
import { AuditRepo, type AuditDraft } from './audit-repo';

let db: Db;
let repo: AuditRepo;
const draft = (i: number): AuditDraft => ({
  at: `2026-11-24T02:00:${String(i).padStart(2, '0')}.000Z`,
  actor: i % 2 ? 'admin' : 'officer-310101',
  actorRole: i % 2 ? 'admin' : 'officer',
  action: i % 3 ? 'auth.login' : 'user.update',
  target: `t${i}`,
  outcome: 'ok',
  address: '127.0.0.1',
  details: { i },
});

beforeEach(async () => {
  // The store under test: in-memory SQLite, or a fresh PostgreSQL schema under `npm run test:pg`.
  db = await openTestStore();
  repo = new AuditRepo(db.kysely);
  for (let i = 1; i <= 5; i++) await repo.append(draft(i));
});
afterEach(async () => db.close());

/** Removes the store's append-only guard for `op` (a forger with DDL rights); one trigger per op in SQLite. */
async function dropGuard(op: 'update' | 'delete'): Promise<void> {
  if (db.dialect === 'sqlite') await sql.raw(`drop trigger audit_log_no_${op}`).execute(db.kysely);
  else await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db.kysely);
}

describe('the audit log hash chain', () => {
  it('chains every entry to the previous one and verifies', async () => {
    const { items } = await repo.search({ limit: 10, offset: 0 });
    const ordered = [...items].reverse();
    expect(ordered.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]!.prevHash).toBe(ordered[i - 1]!.hash);
    expect(await repo.verify()).toEqual({ ok: true, entries: 5, firstBad: null, headHash: ordered[4]!.hash });
  });

  it('refuses UPDATE and DELETE in the store itself', async () => {
    await expect(sql`update audit_log set actor = 'x' where id = 2`.execute(db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where id = 2`.execute(db.kysely)).rejects.toThrow(/append-only/);
  });

  it('names a modified entry when the triggers were dropped and a row edited', async () => {
    await dropGuard('update');
    await sql`update audit_log set details = '{"i":99}' where id = 3`.execute(db.kysely);
    expect(await repo.verify()).toMatchObject({ ok: false, entries: 2, firstBad: { id: 3 } });
  });

  it('names a deleted entry', async () => {
    await dropGuard('delete');
    await sql`delete from audit_log where id = 2`.execute(db.kysely);
    expect(await repo.verify()).toMatchObject({
      ok: false,
      firstBad: { id: 2, reason: expect.stringMatching(/missing/) },
    });
  });

  it('detects a row whose hash was recomputed after an edit, at the entry after it', async () => {
    await dropGuard('update');
    // A forger who re-hashes the edited row still breaks the next entry's prev_hash.
    const { entryHash } = await import('./audit-repo');
    const row = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', 2)
      .executeTakeFirstOrThrow();
    const forged = { ...row, actor: 'someone-else' };
    await db.kysely
      .updateTable('audit_log')
      .set({ actor: forged.actor, hash: entryHash(forged) })
      .where('id', '=', 2)
      .execute();
    expect(await repo.verify()).toMatchObject({ ok: false, firstBad: { id: 3 } });
  });

  it('searches by actor, action family, target and time range', async () => {
    expect((await repo.search({ actor: 'admin', limit: 10, offset: 0 })).total).toBe(3);
    expect((await repo.search({ action: 'auth', limit: 10, offset: 0 })).items.map((e) => e.id)).toEqual([
      5, 4, 2, 1,
    ]);
    expect((await repo.search({ action: 'user.update', limit: 10, offset: 0 })).total).toBe(1);
    expect((await repo.search({ target: 't4', limit: 10, offset: 0 })).items[0]!.id).toBe(4);
    const range = await repo.search({
      from: '2026-11-24T02:00:02.000Z',
      to: '2026-11-24T02:00:04.000Z',
      limit: 10,
      offset: 0,
    });
    expect(range.items.map((e) => e.id)).toEqual([4, 3, 2]);
  });
});
