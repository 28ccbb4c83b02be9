import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import { DeadLetterPage } from '../../src/contract/rest';
import { intakeHeaders } from '../helpers/auth';
import { getJson } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** The CAP webhook through real HTTP: bytes in, warnings on the live topic, events for red and orange. */
const FIXTURES = join(import.meta.dirname, '../../mock-server/subsystems/warnings/fixtures');
const cap = (name: string): Buffer => readFileSync(join(FIXTURES, name));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ INTAKE_BODY_LIMIT: String(64 * 1024) });
});
afterAll(async () => {
  await server?.stop();
});

async function post(body: Buffer | string, contentType = 'application/cap+xml') {
  const res = await fetch(`${server.url}/api/intake/warnings`, {
    method: 'POST',
    headers: { ...intakeHeaders(server.url, 'warnings'), 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      outcome: string;
      id: string | null;
      error?: { code: string; message: string };
    },
  };
}
const feed = async () =>
  (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'warnings')!;
const deadLetters = async () =>
  DeadLetterPage.parse((await getJson(`${server.url}/api/dead-letters?source=warnings&limit=500`)).body)
    .items;
const warning = (id: string) => server.app.states.get('warnings', id);
const event = async (id: string) => {
  const res = await getJson(`${server.url}/api/events/${encodeURIComponent(id)}`);
  return res.status === 200 ? Event.parse(res.body) : null;
};

describe('warnings intake (CAP over HTTP)', () => {
  it.each([
    ['weather.cap', 'application/cap+xml'],
    ['earthquake.cap', 'application/xml'],
    ['earthquake-iso8859-1.cap', 'text/xml'],
  ])('accepts the real sample %s sent as %s', async (file, type) => {
    const res = await post(cap(file), type);
    expect(res).toMatchObject({ status: 200, body: { outcome: 'accepted' } });
  });

  it('takes no_optional_fields.cap as earthquake.cap again: same sender, identifier and sent is the same alert', async () => {
    const res = await post(cap('no_optional_fields.cap'), 'application/cap+xml; charset=utf-8');
    expect(res).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
  });

  it('decodes the ISO-8859-1 sample from its bytes (the intake reads bytes, not a UTF-8 string)', async () => {
    const w = await warning(
      'http://earthquake.usgs.gov/research/monitoring/anss/neic/,USGS-earthquakes-usB000D5T4.3947362.7.20121014T225304.360Z.0',
    );
    expect(w?.headline).toBe('EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT');
  });

  it('rejects invalid.cap with 422 and keeps the schema error and the XML in the dead letter', async () => {
    const res = await post(cap('invalid.cap'));
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('INTAKE_SCHEMA');
    const dl = (await deadLetters()).find((d) => d.raw.includes('<identifier>12345</identifier>'));
    expect(dl).toMatchObject({ code: 'INTAKE_SCHEMA' });
    expect(dl?.message).toMatch(/schema: Element 'cap:info': This element is not expected.*cap:scope/);
  });

  it.each(['xee.cap', 'hostile-billion-laughs.cap'])('refuses %s (a DTD) with 422', async (file) => {
    const res = await post(cap(file));
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toMatch(/DOCTYPE/);
  });

  it('refuses a JSON body with 415 and a body over the limit with 413, both dead-lettered', async () => {
    expect((await post('{"a":1}', 'application/json')).status).toBe(415);
    const huge = cap('sh-rainstorm-yellow.cap')
      .toString('utf8')
      .replace('<description>', `<description>${'雨'.repeat(40_000)}`);
    expect((await post(huge)).status).toBe(413);
    const codes = (await deadLetters()).map((d) => d.code);
    expect(codes).toContain('UNSUPPORTED_MEDIA_TYPE');
    expect(codes).toContain('PAYLOAD_TOO_LARGE');
  });

  it('carries a Shanghai 暴雨 warning from yellow to orange to cancelled, live and with one banner event', async () => {
    const live = await LiveClient.connect(server.url);
    try {
      expect(await live.subscribe({ topic: 'warnings' })).toMatchObject({ ok: true });
      const yellowId = '31000041600000,31000041600000_260701083000001';
      const orangeId = '31000041600000,31000041600000_260701085000002';
      expect((await post(cap('sh-rainstorm-yellow.cap'))).body.outcome).toBe('accepted');
      expect(await event(`warnings:${yellowId}`)).toBeNull(); // yellow: no banner
      await live.waitFor(
        () => live.deltas('warnings').some((d) => d.upserts.some((w) => w.id === yellowId && w.active)),
        'yellow live',
      );

      expect((await post(cap('sh-rainstorm-orange-update.cap'))).body.outcome).toBe('accepted');
      expect(await warning(yellowId)).toMatchObject({ active: false });
      expect(await warning(orangeId)).toMatchObject({ active: true, level: 'orange' });
      const raised = await event(`warnings:${orangeId}`);
      expect(raised).toMatchObject({ category: 'weather', severity: 'II', status: 'reported', version: 1 });
      expect(raised?.attributes['warningState']).toBe('active');

      // The answer is the first thing the message changed: the orange event, updated to cancelled.
      expect((await post(cap('sh-rainstorm-cancel.cap'))).body.outcome).toBe('updated');
      expect(await warning(orangeId)).toMatchObject({
        active: false,
        level: 'orange',
        headline: raised?.title,
      });
      const cancelled = await event(`warnings:${orangeId}`);
      expect(cancelled).toMatchObject({ version: 2, attributes: { warningState: 'cancelled' } });
      await live.waitFor(
        () => live.deltas('warnings').some((d) => d.upserts.some((w) => w.id === orangeId && !w.active)),
        'orange withdrawn live',
      );
      expect(live.violations).toEqual([]);

      // Re-sent: nothing changes (idempotent), counted as a duplicate.
      const before = await feed();
      expect((await post(cap('sh-rainstorm-cancel.cap'))).body.outcome).toBe('duplicate');
      expect((await event(`warnings:${orangeId}`))?.version).toBe(2);
      expect((await feed()).duplicates - before.duplicates).toBe(1);
    } finally {
      live.close();
    }
  });

  it('accepts GB18030 bytes and keeps XSS text as text', async () => {
    expect((await post(cap('sh-rainstorm-yellow-gb18030.cap'))).body.outcome).toBe('duplicate'); // same alert as UTF-8
    const res = await post(cap('hostile-xss-headline.cap'));
    expect(res.body.outcome).toBe('accepted');
    const w = await warning('31000041600000,31000041600000_260701083000901');
    expect(w?.headline).toContain('<script>alert("xss")</script>');
  });

  it('balances the feed: received = accepted + duplicates + quarantined, each quarantined one a dead letter', async () => {
    const f = await feed();
    expect(f.received).toBeGreaterThan(10);
    expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
    expect(f.quarantined).toBe((await deadLetters()).length);
  });
});
