import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedHealth } from '../../src/contract/feed-health';
import type { DeadLetterPage, DeadLetterReplay } from '../../src/contract/rest';
import type { HotlineCodeTable } from '../../src/contract/city-pack';
import { authHeaders } from '../helpers/auth';
import { copyCityPack } from '../helpers/city-pack-copy';
import { getJson, hotlineId, orderFactory, postOrder } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

const NEW_CLASS = '水务/井盖冒水';
let pack: ReturnType<typeof copyCityPack>;
let server: TestServer;

beforeAll(() => {
  pack = copyCityPack();
});
afterAll(async () => {
  await server?.stop();
  pack.remove();
});

const start = (dir?: string) => startTestServer({ CITY_PACKS_DIR: pack.root }, dir);
const replay = async (id: number, as = server.admin) => {
  const res = await fetch(`${server.url}/api/dead-letters/${id}/replay`, {
    method: 'POST',
    headers: { ...authHeaders(as), 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as DeadLetterReplay & { error?: { code: string } } };
};
const letters = async () =>
  (await getJson<DeadLetterPage>(`${server.url}/api/dead-letters?source=hotline`)).body;
const feed = async () =>
  (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'hotline')!;

describe('replaying a dead letter after a code-table fix', () => {
  it('quarantines an unknown code, replays it into an event once the code is in the table, and only once', async () => {
    server = await start();
    const order = { ...orderFactory(server.app.pack, 61).next(), 诉求分类: NEW_CLASS };
    const posted = await postOrder(server.url, order);
    expect(posted.status).toBe(422);
    const [letter] = (await letters()).items;
    expect(letter).toMatchObject({ code: 'UNKNOWN_CODE', replayedAt: null });

    // Before the fix: quarantined again, with the reason, and not dead-lettered a second time.
    const early = await replay(letter!.id);
    expect(early.status).toBe(200);
    expect(early.body.deadLetter.replay).toMatchObject({
      outcome: 'quarantined',
      reason: { code: 'UNKNOWN_CODE' },
    });
    expect((await letters()).total).toBe(1);
    const counted = await feed();

    // The operator adds the class to the city pack's code table and restarts the server.
    const dir = server.dataDir;
    await server.stop({ keepData: true });
    pack.edit<HotlineCodeTable>('code-tables/hotline.json', (t) => ({
      ...t,
      classes: { ...t.classes, [NEW_CLASS]: 'municipal-facility' },
    }));
    server = await start(dir);

    const fixed = await replay(letter!.id);
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      alreadyReplayed: false,
      deadLetter: { id: letter!.id, replay: { outcome: 'accepted', ids: [hotlineId(order)], reason: null } },
    });
    const stored = await getJson<{ category: string; version: number }>(
      `${server.url}/api/events/${encodeURIComponent(hotlineId(order))}`,
    );
    expect(stored.body).toMatchObject({ category: 'municipal-facility', version: 1 });

    // Again: nothing is submitted, the event is not touched.
    const again = await replay(letter!.id);
    expect(again.body).toMatchObject({
      alreadyReplayed: true,
      deadLetter: { replay: { outcome: 'accepted' } },
    });
    const after = await getJson<{ version: number }>(
      `${server.url}/api/events/${encodeURIComponent(hotlineId(order))}`,
    );
    expect(after.body.version).toBe(1);
    // A replay is not something the source sent: the feed's accounting stays what it received.
    const now = await feed();
    expect(now).toMatchObject({ received: 0, quarantined: 0 });
    expect(counted).toMatchObject({ received: 1, quarantined: 1 });
    expect((await letters()).items[0]).toMatchObject({ id: letter!.id, code: 'UNKNOWN_CODE' });
  });

  it('refuses a letter that kept no payload, an unknown letter, and callers who may not replay', async () => {
    const tooBig = await fetch(`${server.url}/api/intake/hotline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': server.intakeKey('hotline') },
      body: JSON.stringify({ 诉求内容: 'x'.repeat(300 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
    const big = (await letters()).items.find((l) => l.code === 'PAYLOAD_TOO_LARGE')!;
    expect((await replay(big.id)).body.error?.code).toBe('NOT_REPLAYABLE');
    expect((await replay(987_654)).status).toBe(404);
    const leader = await server.login('leader');
    expect((await replay(big.id, leader)).status).toBe(403);
  });
});
