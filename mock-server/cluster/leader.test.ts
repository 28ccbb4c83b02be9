import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWithPostgres, openPgTestStore } from '../../tests/helpers/test-store';
import { openSqlite, type Db } from '../store/db';
import { LeasesRepo } from '../store/leases-repo';
import type { Runnable } from '../subsystems/types';
import { LEADER_LEASE, LeaderElector } from './leader';

const log = pino({ level: 'silent' });
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Start/stop of each node's once-only work, on one timeline, so overlaps show. */
type Mark = { node: string; what: 'start' | 'stop'; at: number };

function work(node: string, marks: Mark[]): Runnable {
  return {
    start: async () => void marks.push({ node, what: 'start', at: performance.now() }),
    stop: async () => void marks.push({ node, what: 'stop', at: performance.now() }),
  };
}

/** A node whose link to the store can be cut (a network partition, or a process frozen then killed). */
function node(db: Db, name: string, marks: Mark[], leaseMs = 1200, renewMs = 300) {
  const repo = new LeasesRepo(db.kysely, db.dialect);
  let cut = false;
  const leases = {
    acquire: (n: string, h: string, ttl: number) =>
      cut ? Promise.reject(new Error('store unreachable')) : repo.acquire(n, h, ttl),
    release: (n: string, h: string) => (cut ? Promise.resolve() : repo.release(n, h)),
  };
  const elector = new LeaderElector({
    leases,
    nodeId: name,
    leaseMs,
    renewMs,
    runnables: [work(name, marks)],
    log,
  });
  cleanup.push(() => elector.stop());
  return { elector, cut: () => (cut = true) };
}

const until = async (cond: () => boolean, what: string, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Intervals during which each node ran the work; no two may overlap. */
function expectNoOverlap(marks: Mark[]): void {
  const spans: { node: string; from: number; to: number }[] = [];
  const open = new Map<string, number>();
  for (const m of marks) {
    if (m.what === 'start') open.set(m.node, m.at);
    else {
      spans.push({ node: m.node, from: open.get(m.node)!, to: m.at });
      open.delete(m.node);
    }
  }
  for (const [n, from] of open) spans.push({ node: n, from, to: Infinity });
  spans.sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    expect(
      spans[i]!.from,
      `${spans[i]!.node} started before ${spans[i - 1]!.node} stopped`,
    ).toBeGreaterThanOrEqual(spans[i - 1]!.to);
  }
}

function electionSuite(openStore: () => Promise<Db>) {
  it('elects one node; the other follows', async () => {
    const db = await openStore();
    cleanup.push(() => db.close());
    const marks: Mark[] = [];
    const a = node(db, 'a', marks);
    const b = node(db, 'b', marks);
    await a.elector.start();
    await b.elector.start();
    expect(a.elector.status.leader).toBe(true);
    expect(b.elector.status.leader).toBe(false);
    expect(marks.map((m) => `${m.node}:${m.what}`)).toEqual(['a:start']);
  });

  it('hands over at once on a clean stop', async () => {
    const db = await openStore();
    cleanup.push(() => db.close());
    const marks: Mark[] = [];
    const a = node(db, 'a', marks, 60_000, 200);
    const b = node(db, 'b', marks, 60_000, 200);
    await a.elector.start();
    await b.elector.start();
    await a.elector.stop();
    // A one-minute lease: taking over within seconds proves the release, not the expiry.
    await until(() => b.elector.status.leader, 'b to take over');
    expect(b.elector.status.term).toBe(a.elector.status.term + 1);
    expectNoOverlap(marks);
  });

  it('takes over from a leader cut off from the store once its lease expires, never overlapping it', async () => {
    const db = await openStore();
    cleanup.push(() => db.close());
    const marks: Mark[] = [];
    const a = node(db, 'a', marks);
    const b = node(db, 'b', marks);
    await a.elector.start();
    await b.elector.start();
    a.cut();
    await until(() => b.elector.status.leader, 'b to take over after the lease expires');
    expect(a.elector.status.leader).toBe(false);
    expect(marks.map((m) => `${m.node}:${m.what}`)).toEqual(['a:start', 'a:stop', 'b:start']);
    expectNoOverlap(marks);
  });

  it('refuses a second holder while the lease is live, and lets the holder renew it', async () => {
    const db = await openStore();
    cleanup.push(() => db.close());
    const repo = new LeasesRepo(db.kysely, db.dialect);
    const first = await repo.acquire(LEADER_LEASE, 'a#1', 5_000);
    expect(first).toMatchObject({ holder: 'a#1', term: 1 });
    expect(await repo.acquire(LEADER_LEASE, 'b#1', 5_000)).toBeNull();
    expect(await repo.acquire(LEADER_LEASE, 'a#1', 5_000)).toMatchObject({ holder: 'a#1', term: 1 });
    await repo.release(LEADER_LEASE, 'b#1'); // not the holder: changes nothing
    expect(await repo.acquire(LEADER_LEASE, 'b#1', 5_000)).toBeNull();
    await repo.release(LEADER_LEASE, 'a#1');
    expect(await repo.acquire(LEADER_LEASE, 'b#1', 5_000)).toMatchObject({ holder: 'b#1', term: 2 });
  });
}

describe('the leader lease (SQLite)', () => electionSuite(() => openSqlite(':memory:')));

await describeWithPostgres('the leader lease (PostgreSQL)', () => {
  electionSuite(() => openPgTestStore(4));

  it('gives an expired lease to exactly one of many nodes racing for it', async () => {
    const db = await openPgTestStore(12);
    cleanup.push(() => db.close());
    const repo = new LeasesRepo(db.kysely, db.dialect);
    await repo.acquire(LEADER_LEASE, 'old#1', 1);
    await new Promise((r) => setTimeout(r, 20));
    const wins = await Promise.all(
      Array.from({ length: 12 }, (_, i) => repo.acquire(LEADER_LEASE, `n${i}#1`, 5_000)),
    );
    expect(wins.filter((w) => w !== null)).toHaveLength(1);
  });
});
