import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { EventPage } from '../../src/contract/rest';
import { login } from '../helpers/auth';
import { getJson } from '../helpers/hotline-orders';

const dataDir = mkdtempSync(join(tmpdir(), 'city-brain-shutdown-'));
const children: ChildProcess[] = [];
afterAll(() => {
  // A failed run must not leave its server behind, loading the machine for every later test.
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process under SIGTERM', () => {
  it('stops the simulator, drains intake and exits 0 with every acknowledged event in an intact store', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts'], {
      env: {
        ...process.env,
        // PORT=0: the banner prints the port the OS picked, so no free-port guessing is needed.
        PORT: '0',
        DATA_DIR: dataDir,
        STATIC_DIR: '',
        SIMULATORS: 'true',
        SIM_RATE: '50',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 15 s:\n${stdout}\n${stderr}`)), 15_000);
      const check = () => {
        const m = /api:\s+(http:\/\/[^/\s]+)\/api\/feeds/.exec(stdout);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1]!);
      };
      child.stdout.on('data', check);
      void exited.then(() => reject(new Error(`exited before ready:\n${stderr}`)));
    });

    // Let the simulator's backlog and live stream arrive, then read what the server has acknowledged so far.
    await new Promise((r) => setTimeout(r, 1500));
    const before = EventPage.parse(
      (await getJson(`${url}/api/events?limit=500`, await login(url, 'admin'))).body,
    );
    expect(before.total).toBeGreaterThan(0);

    child.kill('SIGTERM');
    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('stopped cleanly');

    const db = new SQLite(join(dataDir, 'city-brain.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((db.prepare('select id from events').all() as { id: string }[]).map((r) => r.id));
      // Everything readable before SIGTERM was committed; the drain may only have added to it.
      expect(before.items.filter((e) => !ids.has(e.id))).toEqual([]);
      expect(ids.size).toBeGreaterThanOrEqual(before.total);
    } finally {
      db.close();
    }
    // A real process (tsx compiles the server at start): 12 s on a quiet 2-core machine, more while others run.
  }, 60_000);
});
