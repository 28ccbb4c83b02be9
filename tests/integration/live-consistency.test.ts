import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPage } from '../../src/contract/rest';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import { getJson, localTime, orderFactory, postOrder } from '../helpers/hotline-orders';
import { LiveClient, settle } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** id → version a client ends up with after applying its messages in order, as the SPA's store would. */
function materialize(...clients: LiveClient[]): Map<string, number> {
  return replay(clients).state;
}

function replay(clients: LiveClient[]): { state: Map<string, number>; regressions: string[] } {
  const state = new Map<string, number>();
  const regressions: string[] = [];
  for (const c of clients) {
    for (const m of c.messages) {
      if (m.kind === 'snapshot' && m.msg.topic === 'events') {
        state.clear();
        for (const e of m.msg.items) state.set(e.id, e.version);
      } else if (m.kind === 'delta' && m.msg.topic === 'events') {
        for (const e of m.msg.upserts) {
          const had = state.get(e.id);
          // A version going backwards would mean an older state overwrote a newer one on the wall.
          if (had !== undefined && had > e.version)
            regressions.push(`${e.id} went back from v${had} to v${e.version}`);
          // Every stored change is sent once: a copy of a version the client already holds is a duplicate.
          if (had === e.version) regressions.push(`${e.id} v${e.version} delivered twice`);
          state.set(e.id, e.version);
        }
      }
    }
  }
  return { state, regressions };
}

describe('live protocol under a concurrent stream', () => {
  it('gives clients that subscribe and resume mid-stream exactly the store’s final state, with no gap', async () => {
    const orders = orderFactory(server.app.pack, 31);
    const posted: HotlineWorkOrder[] = [];
    const wave = async (n: number) => {
      const batch = Array.from({ length: n }, () => orders.next());
      posted.push(...batch);
      // Updates of earlier orders ride along, so deltas carry changes to events clients already hold.
      const updates = posted.slice(0, 3).map((o, i) => ({
        ...o,
        更新时间: localTime(server.app.pack, orders.baseTime + 86_400_000 + posted.length * 1000 + i),
      }));
      const answers = await Promise.all([...batch, ...updates].map((o) => postOrder(server.url, o)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    };

    await wave(10);
    const early = await LiveClient.connect(server.url);
    await early.subscribe({ topic: 'events' });
    const streaming = (async () => {
      for (let i = 0; i < 12; i++) await wave(15);
    })();

    // Clients join and leave while the waves are being stored and published.
    await settle(100);
    const late = await LiveClient.connect(server.url);
    const lateAck = late.subscribe({ topic: 'events' });
    const leaving = await LiveClient.connect(server.url);
    await leaving.subscribe({ topic: 'events' });
    await settle(150);
    leaving.close();
    await settle(100);
    const back = await LiveClient.connect(server.url);
    const resumeAck = await back.subscribe({
      topic: 'events',
      sinceSeq: leaving.held.get('events')!,
      epoch: leaving.epochs.get('events')!,
    });
    expect(resumeAck).toMatchObject({ ok: true, mode: 'resume' });
    expect(await lateAck).toMatchObject({ ok: true, mode: 'snapshot' });

    await streaming;
    const store = EventPage.parse((await getJson(`${server.url}/api/events?limit=500`)).body);
    const expected = new Map(store.items.map((e) => [e.id, e.version]));
    expect(expected.size).toBe(posted.length);
    const converged =
      (...cs: LiveClient[]) =>
      () => {
        const got = materialize(...cs);
        return [...expected].every(([id, v]) => got.get(id) === v);
      };
    await early.waitFor(converged(early), 'early client to converge');
    await late.waitFor(converged(late), 'late client to converge');
    await back.waitFor(converged(leaving, back), 'resumed client to converge');
    await settle();

    for (const [name, cs] of [
      ['early', [early]],
      ['late', [late]],
      ['resumed', [leaving, back]],
    ] as const) {
      expect(materialize(...cs), name).toEqual(expected);
      expect(cs.flatMap((c) => c.violations).concat(replay([...cs]).regressions), name).toEqual([]);
    }
    for (const c of [early, late, back]) c.close();
  });
});
