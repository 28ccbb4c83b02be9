import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '../../src/contract/entities';
import { TAG_SCRIPT } from '../../mock-server/media/flv';
import { eventually } from '../helpers/eventually';
import { call, HUANGPU, putCamera, signInAll, XUHUI, type Sessions } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { openViewer, signedUrl, type Viewer } from '../helpers/video-stream';

/**
 * The media gateway through its real transport: signed URLs from POST /api/video/:id/url, played as HTTP-FLV by
 * a client that reads FLV tags like mpegts.js does; real ffmpeg encoders (small frames, short idle timeout).
 */
let server: TestServer;
let s: Sessions;
const CAM = (n: number, district = HUANGPU) => `${district}00001320${String(n).padStart(6, '0')}`;
const viewers: Viewer[] = [];

beforeAll(async () => {
  server = await startTestServer({
    VIDEO_MAX_STREAMS: '2',
    VIDEO_IDLE_TIMEOUT_MS: '400',
    VIDEO_SIZE: '320x180',
    VIDEO_FPS: '10',
  });
  s = await signInAll(server);
  for (let n = 1; n <= 4; n++) await putCamera(server, CAM(n), HUANGPU);
  await putCamera(server, CAM(1, XUHUI), XUHUI);
});
afterAll(async () => {
  viewers.forEach((v) => v.close());
  await server?.stop();
});

const watch = async (cameraId: string, as = s.leader, path?: string): Promise<Viewer> => {
  const v = await openViewer(server.url, path ?? (await signedUrl(server.url, as, cameraId)), as);
  viewers.push(v);
  return v;
};
const running = () => server.app.media.gateway.running();
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const setOnline = async (id: string, online: boolean) => {
  const camera = (await server.app.states.get('cameras', id)) as Camera;
  await server.app.states.put('cameras', [{ ...camera, online, updatedAt: new Date().toISOString() }]);
};

describe('live camera streams', () => {
  it('plays a camera from a signed URL: FLV with metadata, an H.264 keyframe, audited as a view', async () => {
    const v = await watch(CAM(1));
    expect(v.status).toBe(200);
    expect(v.contentType).toBe('video/x-flv');
    const key = await v.firstKeyframe();
    expect(key.timestamp).toBe(0); // every viewer's timeline starts at 0
    expect(v.tags[0]!.type).toBe(TAG_SCRIPT);
    expect(v.tags.some((t) => t.sequenceHeader)).toBe(true);
    const audit = await call(server.url, 'GET', '/api/audit?action=video.view&limit=5', s.auditor);
    expect((audit.body as { items: unknown[] }).items[0]).toMatchObject({
      actor: 'leader',
      action: 'video.view',
      target: CAM(1),
      outcome: 'ok',
    });
    v.close();
  });

  it('shares one encoder between viewers of a camera, and a late viewer starts at a keyframe at once', async () => {
    const a = await watch(CAM(2));
    await a.firstKeyframe();
    const pid = running().find((r) => r.cameraId === CAM(2))!.pid;
    const b = await watch(CAM(2), s['officer-hp']);
    const first = await b.firstKeyframe();
    // The late viewer's first frame is the cached keyframe: the first video frame it gets, not a wait for the next.
    expect(b.tags.find((t) => t.type === 9 && !t.sequenceHeader)).toBe(first);
    const streams = running().filter((r) => r.cameraId === CAM(2));
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ pid, viewers: 2 });
    a.close();
    b.close();
  });

  it('stops a stream after its last viewer leaves (idle timeout), and keeps it for a viewer back in time', async () => {
    const v = await watch(CAM(3));
    await v.firstKeyframe();
    const pid = running().find((r) => r.cameraId === CAM(3))!.pid!;
    v.close();
    // Back within the idle timeout (400 ms): the same encoder serves it.
    const again = await watch(CAM(3));
    await again.firstKeyframe();
    expect(running().find((r) => r.cameraId === CAM(3))!.pid).toBe(pid);
    again.close();
    await eventually('the idle stream to stop', () => !running().some((r) => r.cameraId === CAM(3)));
    await eventually('its ffmpeg process to exit', () => !isAlive(pid));
  });

  it('holds the stream cap: a viewer past it is refused with VIDEO_CAPACITY, an idle stream makes room', async () => {
    const a = await watch(CAM(1));
    const b = await watch(CAM(2));
    await Promise.all([a.firstKeyframe(), b.firstKeyframe()]);
    const refused = await watch(CAM(4));
    expect([refused.status, refused.code]).toEqual([503, 'VIDEO_CAPACITY']);
    expect(
      running()
        .map((r) => r.cameraId)
        .sort(),
    ).toEqual([CAM(1), CAM(2)]);
    // A viewer of a running camera is no new stream: admitted at the cap.
    const c = await watch(CAM(1), s['officer-hp']);
    await c.firstKeyframe();
    // Once a stream is unwatched (idle, not yet stopped), a new camera takes its place.
    b.close();
    await eventually(
      'the left stream to be idle',
      () => running().find((r) => r.cameraId === CAM(2))?.holders === 0,
    );
    const d = await watch(CAM(4));
    await d.firstKeyframe();
    expect(
      running()
        .map((r) => r.cameraId)
        .sort(),
    ).toEqual([CAM(1), CAM(4)]);
    [a, c, d].forEach((v) => v.close());
    await eventually('every stream to stop', () => running().length === 0);
  });

  it('refuses an expired, a tampered and another user’s URL', async () => {
    const own = await signedUrl(server.url, s.leader, CAM(1));
    const session = (await server.app.security.auth.resolve(s.leader.cookie.split('=')[1]))!.session.id;
    const expired = server.app.security.signer.sign(CAM(1), session, Date.now() - 3_600_000).url;
    const cases: [string, string, string][] = [
      ['expired', expired, 'SIGNED_URL_EXPIRED'],
      ['another user’s', await signedUrl(server.url, s['officer-hp'], CAM(1)), 'SIGNED_URL_INVALID'],
      [
        'signature changed',
        own.replace(/sig=(.)/, (_, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`),
        'SIGNED_URL_INVALID',
      ],
      [
        'expiry extended',
        own.replace(/exp=(\d+)/, (_, e: string) => `exp=${Number(e) + 3600}`),
        'SIGNED_URL_INVALID',
      ],
      ['other camera', own.replace(CAM(1), CAM(2)), 'SIGNED_URL_INVALID'],
      ['no signature', `/api/video/${CAM(1)}/stream`, 'SIGNED_URL_INVALID'],
    ];
    for (const [what, path, code] of cases) {
      const v = await watch(CAM(1), s.leader, path);
      expect([what, v.status, v.code]).toEqual([what, 403, code]);
    }
    // Unauthenticated, even with a valid URL.
    const anonymous = await openViewer(server.url, own, null);
    expect([anonymous.status, anonymous.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(running()).toEqual([]);
  });

  it('refuses a camera outside the officer’s districts even with a URL signed for it', async () => {
    const session = (await server.app.security.auth.resolve(s['officer-hp'].cookie.split('=')[1]))!.session
      .id;
    const path = server.app.security.signer.sign(CAM(1, XUHUI), session, Date.now()).url;
    const v = await watch(CAM(1, XUHUI), s['officer-hp'], path);
    expect([v.status, v.code]).toEqual([403, 'FORBIDDEN_DISTRICT']);
  });

  it('refuses an offline camera with CAMERA_OFFLINE, and ends a stream when its camera goes offline', async () => {
    const v = await watch(CAM(2));
    await v.firstKeyframe();
    await setOnline(CAM(2), false);
    await v.ended; // the server ended the response
    await eventually('the stream to stop', () => !running().some((r) => r.cameraId === CAM(2)));
    const refused = await watch(CAM(2));
    expect([refused.status, refused.code]).toEqual([409, 'CAMERA_OFFLINE']);
    await setOnline(CAM(2), true);
  });

  it('ends an open stream when its session signs out', async () => {
    const officer = await server.login(`officer-${HUANGPU}`);
    const v = await watch(CAM(3), officer);
    await v.firstKeyframe();
    expect((await call(server.url, 'POST', '/api/auth/logout', officer, {})).status).toBeLessThan(300);
    await v.ended;
    await eventually('the stream to stop', () => !running().some((r) => r.cameraId === CAM(3)));
  });
});

describe('video wall layouts', () => {
  const layout = (name: string, tiles: (string | null)[] = [CAM(1), null, CAM(2), null]) => ({
    name,
    grid: 4,
    tiles,
    patrol: { cameraIds: [CAM(1), CAM(2), CAM(3)], intervalSeconds: 20 },
  });

  it('saves per user, replaces by name, lists only the caller’s, deletes', async () => {
    const saved = await call(server.url, 'POST', '/api/video/layouts', s.leader, layout('黄浦路口'));
    expect(saved.status).toBe(201);
    const replaced = await call(
      server.url,
      'POST',
      '/api/video/layouts',
      s.leader,
      layout('黄浦路口', [CAM(4)]),
    );
    expect((replaced.body as { id: string }).id).toBe((saved.body as { id: string }).id);
    const mine = await call(server.url, 'GET', '/api/video/layouts', s.leader);
    expect(mine.body).toMatchObject([
      { name: '黄浦路口', grid: 4, tiles: [CAM(4)], patrol: { intervalSeconds: 20 } },
    ]);
    expect((await call(server.url, 'GET', '/api/video/layouts', s['officer-hp'])).body).toEqual([]);
    // Someone else's id deletes nothing.
    const id = (saved.body as { id: string }).id;
    const foreign = await call(server.url, 'DELETE', `/api/video/layouts/${id}`, s['officer-hp']);
    expect(foreign.body).toEqual({ ok: true, deleted: false });
    const own = await call(server.url, 'DELETE', `/api/video/layouts/${id}`, s.leader);
    expect(own.body).toEqual({ ok: true, deleted: true });
  });

  it('refuses a malformed layout with BAD_REQUEST and the wall device’s save as read-only', async () => {
    const bad = [
      { ...layout('x'), grid: 6 },
      layout('x', [CAM(1), CAM(2), CAM(3), CAM(4), CAM(1)]),
      layout('x', ['not-a-camera']),
      { ...layout('x'), name: '' },
      { ...layout('x'), patrol: { cameraIds: [], intervalSeconds: 20 } },
      { ...layout('x'), patrol: { cameraIds: [CAM(1)], intervalSeconds: 1 } },
    ];
    for (const body of bad) {
      const res = await call(server.url, 'POST', '/api/video/layouts', s.leader, body);
      expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([
        400,
        'BAD_REQUEST',
      ]);
    }
    const wall = await call(server.url, 'POST', '/api/video/layouts', s.wall, layout('墙'));
    expect(wall.status).toBe(403);
  });
});
