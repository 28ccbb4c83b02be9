import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, AuditVerifyResult, type AuditEntry } from '../../src/contract/auth';
import { DEMO_PASSWORD, deviceLogin, login } from '../helpers/auth';
import { call, HUANGPU, putCamera, signInAll, type Sessions } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { TEST_DATABASE_URL } from '../helpers/test-store';

const run = promisify(execFile);
let server: TestServer;
let s: Sessions;

beforeAll(async () => {
  server = await startTestServer();
  s = await signInAll(server);
});
afterAll(async () => {
  if (server) {
    await server.stop({ keepData: true }).catch(() => undefined);
    rmSync(server.dataDir, { recursive: true, force: true });
  }
});

const search = async (query: string) => {
  const res = await call(server.url, 'GET', `/api/audit?${query}`, s.auditor);
  expect(res.status, res.text).toBe(200);
  return AuditPage.parse(res.body);
};

describe('the audit log records every security-relevant action', () => {
  it('records sign-in success and failure with actor, time, source address and target', async () => {
    await call(server.url, 'POST', '/api/auth/login', null, {
      username: 'leader',
      password: 'not-my-password-123',
    });
    await login(server.url, 'leader');
    const page = await search('action=auth.login&actor=leader&limit=10');
    const [ok, failed] = [
      page.items.find((e) => e.outcome === 'ok'),
      page.items.find((e) => e.outcome === 'failed'),
    ];
    expect(failed).toMatchObject({
      actor: 'leader',
      target: 'leader',
      address: '127.0.0.1',
      details: { reason: 'wrong-password' },
    });
    expect(ok).toMatchObject({
      actor: 'leader',
      actorRole: 'leader',
      target: 'leader',
      address: '127.0.0.1',
    });
    expect(Date.now() - Date.parse(ok!.at)).toBeLessThan(60_000);
    // A wrong password is never written down.
    expect(JSON.stringify(page)).not.toContain('not-my-password-123');
  });

  it('records logout, user changes, session revocation, video URLs issued and exports', async () => {
    const c = await login(server.url, 'leader');
    await call(server.url, 'POST', '/api/auth/logout', c, {});
    const created = await call(server.url, 'POST', '/api/admin/users', s.admin, {
      username: 'audited-officer',
      displayName: '审计对象',
      role: 'officer',
      districts: [HUANGPU],
      password: DEMO_PASSWORD,
    });
    const id = (created.body as { id: string }).id;
    await call(server.url, 'PATCH', `/api/admin/users/${id}`, s.admin, {
      role: 'leader',
      password: 'x'.repeat(12),
    });
    await call(server.url, 'POST', `/api/admin/users/${id}/revoke-sessions`, s.admin, {});
    await putCamera(server, '31010100001320000021', HUANGPU);
    await call(server.url, 'POST', '/api/video/31010100001320000021/url', s['officer-hp']);
    await call(server.url, 'GET', '/api/events/export?severity=I', s.leader);

    const byAction = async (action: string) => (await search(`action=${action}&limit=5`)).items[0];
    expect(await byAction('auth.logout')).toMatchObject({ actor: 'leader', outcome: 'ok' });
    expect(await byAction('user.create')).toMatchObject({
      actor: 'admin',
      target: 'audited-officer',
      details: { role: 'officer', districts: [HUANGPU] },
    });
    const update = (await byAction('user.update'))!;
    expect(update).toMatchObject({ actor: 'admin', target: 'audited-officer', details: { role: 'leader' } });
    expect(update.details['changed']).toEqual(['role', 'districts', 'password']);
    expect(JSON.stringify(update)).not.toContain('x'.repeat(12));
    expect(await byAction('session.revoke-all')).toMatchObject({ actor: 'admin', target: 'audited-officer' });
    expect(await byAction('video.url')).toMatchObject({
      actor: 'officer-310101',
      actorRole: 'officer',
      target: '31010100001320000021',
      outcome: 'ok',
    });
    expect(await byAction('events.export')).toMatchObject({
      actor: 'leader',
      details: { rows: expect.any(Number) },
    });
  });

  it('records a wall display signing in with its device', async () => {
    await deviceLogin(server.url);
    expect((await search('action=auth.device-login&limit=1')).items[0]).toMatchObject({
      actor: 'device:ops-wall-1',
      actorRole: 'wall',
      outcome: 'ok',
    });
  });

  it('lets the auditor search by actor, action family, target and time range', async () => {
    const all = await search('limit=500');
    expect(all.total).toBeGreaterThan(10);
    const from = all.items[all.items.length - 1]!.at;
    const auth = await search('action=auth&limit=500');
    expect(auth.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect(
      (await search('target=audited-officer&limit=500')).items.every((e) => e.target === 'audited-officer'),
    ).toBe(true);
    const none = await search(`to=${encodeURIComponent('2000-01-01T00:00:00.000Z')}`);
    expect(none.total).toBe(0);
    expect((await search(`from=${encodeURIComponent(from)}&limit=1`)).total).toBeGreaterThan(0);
    const bad = await call(server.url, 'GET', '/api/audit?action=%25', s.auditor);
    expect(bad.status).toBe(400);
  });

  it('verifies its chain over the API for the auditor', async () => {
    const res = await call(server.url, 'GET', '/api/audit/verify', s.auditor);
    const v = AuditVerifyResult.parse(res.body);
    expect(v.ok).toBe(true);
    expect(v.firstBad).toBeNull();
  });
});

// The tampering is done in the SQLite file, as an attacker with the file would (the chain and the verifier
// are dialect-independent; PostgreSQL runs the rest of this file).
describe.skipIf(TEST_DATABASE_URL !== undefined)('npm run audit:verify', () => {
  const verify = (dataDir: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it('passes on an intact log and names the first bad entry after a row is modified in SQLite', async () => {
    await server.stop({ keepData: true });
    const ok = await verify(server.dataDir);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/audit log OK: \d+ entries verified/);

    const db = new SQLite(join(server.dataDir, 'city-brain.sqlite'));
    try {
      // The triggers refuse the edit; an attacker with the file drops them first.
      expect(() => db.prepare("update audit_log set actor = 'nobody' where id = 3").run()).toThrow(
        /append-only/,
      );
      db.exec('drop trigger audit_log_no_update');
      db.prepare("update audit_log set actor = 'nobody' where id = 3").run();
    } finally {
      db.close();
    }
    const bad = await verify(server.dataDir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/audit log BROKEN at entry 3: content does not match its hash/);
  });

  it('names a deleted entry', async () => {
    const db = new SQLite(join(server.dataDir, 'city-brain.sqlite'));
    try {
      db.exec('drop trigger audit_log_no_delete');
      const entries = db.prepare('select id from audit_log order by id').all() as Pick<AuditEntry, 'id'>[];
      db.prepare('delete from audit_log where id = ?').run(entries[1]!.id);
    } finally {
      db.close();
    }
    const bad = await verify(server.dataDir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/audit log BROKEN at entry 2: entry is missing/);
  });
});
