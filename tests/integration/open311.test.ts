import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, detailOf } from '../helpers/console';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Written from the spec (http://wiki.open311.org/GeoReport_v2), not from our code: the field names, formats and
 * error shapes below are GeoReport v2's. A 311 client submits a request, lists requests, fetches one — in JSON
 * and in XML — and sees the officer's closure as status "closed".
 */
let server: TestServer;
let key: string;
const base = () => `${server.url}/api/open311/v2`;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error'].includes(name),
});

/** A form-encoded POST, as 311 clients send it. */
const submit = (format: 'json' | 'xml', fields: Record<string, string>) =>
  fetch(`${base()}/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

beforeAll(async () => {
  server = await startTestServer();
  key = server.intakeKey('open311');
});
afterAll(async () => {
  await server?.stop();
});

describe('Open311 GeoReport v2', () => {
  it('lists services with service_code, service_name, description, metadata, type, keywords, group (JSON and XML)', async () => {
    const json = (await (await fetch(`${base()}/services.json`)).json()) as Record<string, unknown>[];
    expect(json.length).toBeGreaterThan(5);
    expect(Object.keys(json[0]!).sort()).toEqual(
      ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'].sort(),
    );
    expect(json.find((s) => s['service_code'] === 'waterlogging')).toMatchObject({
      service_name: '道路积水',
      metadata: false,
      type: 'realtime',
    });
    const res = await fetch(`${base()}/services.xml`);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    const doc = xml.parse(await res.text()) as { services: { service: Record<string, string>[] } };
    expect(doc.services.service.map((s) => s['service_code'])).toEqual(json.map((s) => s['service_code']));
  });

  it('round-trips a request in JSON: submit, list, get; the officer’s closure shows as closed', async () => {
    const res = await submit('json', {
      api_key: key,
      service_code: 'waterlogging',
      lat: '31.230416',
      long: '121.473701',
      address_string: '黄浦区人民大道200号',
      description: '人行道积水约10厘米，请处理。联系我13912345678',
      first_name: '小明',
      last_name: '王',
      phone: '13912345678',
      email: 'wang@example.org',
      media_url: 'https://photos.example.org/311/a.jpg',
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as {
      service_request_id: string;
      service_notice: string;
      account_id: string;
    }[];
    expect(created).toHaveLength(1);
    const id = created[0]!.service_request_id;
    expect(id).toMatch(/^311-\d{8}-[0-9A-F]{8}$/);

    const list = (await (await fetch(`${base()}/requests.json`)).json()) as Record<string, unknown>[];
    const listed = list.find((r) => r['service_request_id'] === id);
    expect(Object.keys(listed!).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(listed).toMatchObject({
      status: 'open',
      service_code: 'waterlogging',
      service_name: '道路积水',
      address: '黄浦区人民大道200号',
      media_url: 'https://photos.example.org/311/a.jpg',
      lat: 31.230416,
      long: 121.473701,
    });
    // Published openly: no reporter field at all, and the phone number in the text is masked.
    expect(listed!['description']).toBe('人行道积水约10厘米，请处理。联系我139****5678');
    expect(JSON.stringify(listed)).not.toContain('小明');

    const one = (await (await fetch(`${base()}/requests/${id}.json`)).json()) as Record<string, unknown>[];
    expect(one).toEqual([listed]);

    // The request is an event on the console like any other, with the citizen as reporter (for officers).
    const officer = await server.login('officer-310101');
    const event = (await detailOf(server, officer, `open311:${id}`)).event;
    expect(event).toMatchObject({
      source: 'open311',
      category: 'waterlogging',
      district: '310101',
      status: 'reported',
    });
    expect(event.reporter).toEqual({ name: '王小明', phone: '13912345678' });
    await act(server, officer, event.id, { action: 'close', version: event.version, reason: '已排水' });
    const closed = (await (await fetch(`${base()}/requests/${id}.json`)).json()) as Record<string, unknown>[];
    expect(closed[0]).toMatchObject({ status: 'closed', status_notes: '已结案' });
    const open = (await (await fetch(`${base()}/requests.json?status=open`)).json()) as Record<
      string,
      unknown
    >[];
    expect(open.some((r) => r['service_request_id'] === id)).toBe(false);
    const byId = (await (
      await fetch(`${base()}/requests.json?service_request_id=${id}&status=closed`)
    ).json()) as unknown[];
    expect(byId).toHaveLength(1);
  });

  it('round-trips a request in XML: submit, list, get', async () => {
    const res = await submit('xml', {
      api_key: key,
      service_code: 'sanitation',
      lat: '31.2299',
      long: '121.4753',
      description: '垃圾桶满溢 & 气味 <严重>',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    const created = xml.parse(await res.text()) as {
      service_requests: { request: Record<string, string>[] };
    };
    const id = created.service_requests.request[0]!['service_request_id']!;
    expect(id).toMatch(/^311-/);
    const listed = xml.parse(
      await (await fetch(`${base()}/requests.xml?service_code=sanitation`)).text(),
    ) as {
      service_requests: { request: Record<string, string>[] };
    };
    const mine = listed.service_requests.request.find((r) => r['service_request_id'] === id)!;
    expect(Object.keys(mine).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(mine).toMatchObject({
      status: 'open',
      service_code: 'sanitation',
      description: '垃圾桶满溢 & 气味 <严重>',
    });
    const one = xml.parse(await (await fetch(`${base()}/requests/${id}.xml`)).text()) as {
      service_requests: { request: Record<string, string>[] };
    };
    expect(one.service_requests.request).toEqual([mine]);
  });

  it('takes JSON bodies too, and the api_key in the X-Intake-Key header', async () => {
    const res = await fetch(`${base()}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': key },
      body: JSON.stringify({ service_code: 'noise', lat: 31.2301, long: 121.4741, description: '夜间噪声' }),
    });
    expect(res.status).toBe(200);
  });

  it('answers errors in the spec’s shape with our catalogue code: bad api_key 403, unknown service 422, no location 422', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ service_code: 'noise', lat: '31.23', long: '121.47' }, 403, 'FORBIDDEN'],
      [{ api_key: 'not-the-key', service_code: 'noise', lat: '31.23', long: '121.47' }, 403, 'FORBIDDEN'],
      [{ api_key: key, service_code: 'potholes', lat: '31.23', long: '121.47' }, 422, 'UNKNOWN_CODE'],
      [{ api_key: key, service_code: 'noise', address_string: '徐汇区漕溪北路88号' }, 422, 'INTAKE_SCHEMA'],
      [{ api_key: key, service_code: 'noise', lat: '39.90', long: '116.40' }, 422, 'COORD_OUT_OF_RANGE'],
      [{ api_key: key, service_code: 'noise', lat: 'north', long: '121.47' }, 422, 'INTAKE_SCHEMA'],
      [
        {
          api_key: key,
          jurisdiction_id: 'beijing.example',
          service_code: 'noise',
          lat: '31.23',
          long: '121.47',
        },
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [fields, status, code] of cases) {
      const res = await submit('json', fields);
      const body = (await res.json()) as { code: number; description: string }[];
      expect([JSON.stringify(fields), res.status, body[0]?.code, body[0]?.description.split(':')[0]]).toEqual(
        [JSON.stringify(fields), status, status, code],
      );
    }
    const res = await submit('xml', { service_code: 'noise' });
    expect(res.status).toBe(403);
    const doc = xml.parse(await res.text()) as { errors: { error: { code: string; description: string }[] } };
    expect(doc.errors.error[0]).toMatchObject({ code: '403' });
    expect(doc.errors.error[0]!.description).toMatch(/^FORBIDDEN: invalid api_key/);
    expect((await fetch(`${base()}/requests/311-00000000-DEADBEEF.json`)).status).toBe(404);
    expect((await fetch(`${base()}/requests.json?start_date=yesterday`)).status).toBe(400);
  });

  it('counts refused requests on the open311 feed and keeps them as dead letters', async () => {
    const feeds = (await (
      await fetch(`${server.url}/api/feeds`, { headers: { cookie: server.admin.cookie } })
    ).json()) as {
      source: string;
      quarantined: number;
      accepted: number;
    }[];
    const feed = feeds.find((f) => f.source === 'open311')!;
    expect(feed.accepted).toBeGreaterThanOrEqual(3);
    expect(feed.quarantined).toBeGreaterThanOrEqual(4);
  });

  it('publishes only requests that came in through Open311, never 12345 calls', async () => {
    const list = (await (await fetch(`${base()}/requests.json`)).json()) as { service_request_id: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => r.service_request_id.startsWith('311-'))).toBe(true);
  });
});
