import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PublishedWarning,
  PublishedWarningList,
  WarningPreview,
  type WarningDraftInput,
} from '../../src/contract/console';
import { Warning } from '../../src/contract/entities';
import { parseCap } from '../../mock-server/subsystems/warnings/cap';
import { deviceLogin, type Credentials } from '../helpers/auth';
import { LiveClient } from '../helpers/live-client';
import { call, errorCode } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let leader: Credentials;
let wall: LiveClient;

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const draft = (over: Partial<WarningDraftInput> = {}): WarningDraftInput => ({
  level: 'red',
  event: '暴雨',
  headline: '上海市城市运行管理中心发布暴雨红色预警',
  description: '预计未来3小时黄浦区、徐汇区降雨量将达100毫米以上。',
  instruction: '停止户外活动，远离低洼地带，注意防范城市内涝。',
  expires: inHours(3),
  districts: ['310101', '310104'],
  polygon: [
    [121.46, 31.22],
    [121.49, 31.22],
    [121.49, 31.24],
    [121.46, 31.24],
  ],
  ...over,
});

const publish = async (path: string, body: unknown) => {
  const res = await call(server.url, 'POST', path, leader, body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
  return PublishedWarning.parse(res.body);
};
const warningOnWall = (id: string) =>
  wall
    .deltas('warnings')
    .flatMap((d) => d.upserts)
    .filter((w) => w.id === id)
    .at(-1);

beforeAll(async () => {
  server = await startTestServer();
  leader = await server.login('leader');
  wall = await LiveClient.connect(server.url, await deviceLogin(server.url));
  await wall.subscribe({ topic: 'warnings' });
  await wall.subscribe({ topic: 'events' });
});
afterAll(async () => {
  wall?.close();
  await server?.stop();
});

describe('warning publishing (预警发布)', () => {
  it('previews a draft as CAP 1.2 XML that validates against the schema, and publishes nothing', async () => {
    const res = await call(server.url, 'POST', '/api/warnings/preview', leader, draft());
    const preview = WarningPreview.parse(res.body);
    expect(preview).toMatchObject({ valid: true, errors: [] });
    expect(preview.xml).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(preview.xml).toContain('<event>暴雨红色预警</event>');
    const list = PublishedWarningList.parse(
      (await call(server.url, 'GET', '/api/warnings/published', leader)).body,
    );
    expect(list.items).toEqual([]);
  });

  it('publishes a valid CAP 1.2 alert: on the wall’s warnings topic, raising an event, at the public feed', async () => {
    const w = await publish('/api/warnings', draft());
    expect(w).toMatchObject({ msgType: 'Alert', level: 'red', superseded: false, publishedBy: 'leader' });

    // The XML other systems fetch: public, schema-valid, as published.
    const res = await fetch(`${server.url}${w.url}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
    const parsed = parseCap(await res.text());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.version).toBe('1.2');
    expect(parsed.alert).toMatchObject({
      identifier: w.identifier,
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    const info = parsed.alert.info[0]!;
    expect(info).toMatchObject({
      severity: 'Extreme',
      urgency: 'Immediate',
      category: ['Met'],
      language: 'zh-CN',
    });
    const area = info.area[0]!;
    // The drawn area, closed and latitude first (CAP §3.3.5.2), then one hull per chosen district.
    expect(area.polygon[0]).toBe(
      '31.22000,121.46000 31.22000,121.49000 31.24000,121.49000 31.24000,121.46000 31.22000,121.46000',
    );
    expect(area.polygon).toHaveLength(3);
    expect(area.geocode.map((g) => g.value)).toEqual(['310101', '310104']);

    // On the wall, live.
    await wall.waitFor(() => warningOnWall(w.id)?.active === true, 'the warning on the wall');
    expect(warningOnWall(w.id)).toMatchObject({ level: 'red', msgType: 'Alert', headline: draft().headline });
    // Red over the city: an event for the alarm banner.
    await wall.waitFor(
      () =>
        wall
          .deltas('events')
          .some((d) => d.upserts.some((e) => e.source === 'warnings' && e.attributes['warningId'] === w.id)),
      'the red warning’s event',
    );

    // The feed: Atom (public) linking the XML, and JSON.
    const atom = await fetch(`${server.url}/api/cap/feed`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const feed = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => n === 'entry' || n === 'link' || n === 'category',
    }).parse(await atom.text()) as { feed: { entry: { title: string; link: Record<string, string>[] }[] } };
    const entry = feed.feed.entry.find((e) => e.title === draft().headline)!;
    expect(entry.link.find((l) => l['@_rel'] === 'alternate')).toMatchObject({
      '@_type': 'application/cap+xml',
      '@_href': `${server.url}${w.url}`,
    });
    const json = PublishedWarningList.parse(await (await fetch(`${server.url}/api/cap/feed.json`)).json());
    expect(json.items.map((i) => i.id)).toContain(w.id);
  });

  it('updates and cancels as CAP defines them: each references the earlier messages, the wall follows', async () => {
    const alert = await publish('/api/warnings', draft({ level: 'yellow', headline: '暴雨黄色预警' }));
    const update = await publish(
      `/api/warnings/${encodeURIComponent(alert.id)}/update`,
      draft({ level: 'orange', headline: '暴雨预警升级为橙色' }),
    );
    expect(update).toMatchObject({ msgType: 'Update', level: 'orange', references: [alert.id] });
    const updateXml = parseCap(await (await fetch(`${server.url}${update.url}`)).text());
    const alertXml = parseCap(await (await fetch(`${server.url}${alert.url}`)).text());
    if (!updateXml.ok || !alertXml.ok) throw new Error('stored XML does not parse');
    expect(updateXml.alert.references).toBe(
      `${alertXml.alert.sender},${alertXml.alert.identifier},${alertXml.alert.sent}`,
    );
    await wall.waitFor(
      () => warningOnWall(update.id)?.active === true && warningOnWall(alert.id)?.active === false,
      'update replaces alert',
    );

    // Acting on the superseded message is refused: updates and cancels go to the latest.
    const stale = await call(
      server.url,
      'POST',
      `/api/warnings/${encodeURIComponent(alert.id)}/cancel`,
      leader,
      { reason: 'x' },
    );
    expect([stale.status, errorCode(stale.body)]).toEqual([409, 'ILLEGAL_TRANSITION']);

    const cancel = await publish(`/api/warnings/${encodeURIComponent(update.id)}/cancel`, {
      reason: '降雨已减弱',
    });
    expect(cancel).toMatchObject({ msgType: 'Cancel', superseded: true });
    expect(cancel.references.sort()).toEqual([alert.id, update.id].sort());
    const cancelXml = parseCap(await (await fetch(`${server.url}${cancel.url}`)).text());
    if (!cancelXml.ok) throw new Error('cancel does not parse');
    expect(cancelXml.alert.msgType).toBe('Cancel');
    expect(cancelXml.alert.references?.split(' ')).toHaveLength(2);
    expect(cancelXml.alert.info[0]?.responseType).toEqual(['AllClear']);
    await wall.waitFor(() => warningOnWall(update.id)?.active === false, 'the cancel withdraws the update');
    const list = PublishedWarningList.parse(
      (await call(server.url, 'GET', '/api/warnings/published', leader)).body,
    );
    expect(
      list.items.filter((i) => [alert.id, update.id, cancel.id].includes(i.id)).every((i) => i.superseded),
    ).toBe(true);
  });

  it('refuses drafts that cannot be a warning: no area, past expiry, unknown level', async () => {
    for (const [body, code] of [
      [draft({ districts: [], polygon: undefined }), 'BAD_REQUEST'],
      [draft({ expires: new Date(Date.now() - 60_000).toISOString() }), 'BAD_REQUEST'],
      [{ ...draft(), level: 'purple' }, 'BAD_REQUEST'],
      [
        draft({
          polygon: [
            [121.4, 31.2],
            [121.5, 31.2],
          ],
        }),
        'BAD_REQUEST',
      ],
    ] as const) {
      const res = await call(server.url, 'POST', '/api/warnings', leader, body);
      expect([res.status, errorCode(res.body)]).toEqual([400, code]);
    }
  });

  it('acknowledges a red warning’s alarm from the console: the wall receives it', async () => {
    const w = await publish('/api/warnings', draft({ headline: '大风红色预警', event: '大风' }));
    await wall.waitFor(() => warningOnWall(w.id)?.active === true, 'the warning on the wall');
    const officer = await server.login('officer-310104');
    const res = await call(
      server.url,
      'POST',
      `/api/warnings/${encodeURIComponent(w.id)}/acknowledge`,
      officer,
      {},
    );
    expect(res.status).toBe(200);
    expect(Warning.parse(res.body)).toMatchObject({ acknowledgedBy: 'officer-310104' });
    await wall.waitFor(() => !!warningOnWall(w.id)?.acknowledgedAt, 'the acknowledgement on the wall');
    expect(warningOnWall(w.id)).toMatchObject({ active: true, acknowledgedBy: 'officer-310104' });
  });
});
