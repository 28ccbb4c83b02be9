import { randomUUID } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import { DeadLetterPage, EventQuery } from '../../src/contract/rest';
import type { Telemetry } from '../../mock-server/subsystems/iot/native';
import { eventually } from '../helpers/eventually';
import { getJson } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * IoT telemetry through a real MQTT broker — the embedded one (aedes) and the machine's Mosquitto — into
 * sensor states, alarm events with hysteresis, dead letters and the feed's accounting.
 */
const MOSQUITTO = { host: '127.0.0.1', port: 1883 };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function reachable({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

const mosquittoUp = await reachable(MOSQUITTO);
if (!mosquittoUp) {
  console.warn(
    `Mosquitto is not reachable at ${MOSQUITTO.host}:${MOSQUITTO.port}: its MQTT tests are SKIPPED (the embedded-broker tests still run)`,
  );
}

const T0 = Date.parse('2026-11-24T02:00:00Z');
const telemetry = (deviceId: string, i: number, depth: number): Telemetry => ({
  deviceId,
  ts: T0 + i * 60_000,
  seq: i,
  values: { depth: { v: depth, unit: 'cm' } },
  battery: 90,
  rssi: -70,
  loc: { lng: 121.458713, lat: 31.224362 },
  site: '华山路下立交',
});

/** A device's publisher, as the IoT platform's gateway would be. */
async function publisher(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId: `test-pub-${randomUUID().slice(0, 8)}`, protocolVersion: 4 });
}

function suite(name: string, env: () => Promise<Record<string, string>>, brokerUrl: () => string) {
  describe(name, () => {
    let server: TestServer;
    let pub: MqttClient;
    let root: string;
    const topic = (type: string, id: string) => `${root}/${type}/${id}/telemetry`;
    const send = (type: string, id: string, message: unknown) =>
      pub.publishAsync(topic(type, id), typeof message === 'string' ? message : JSON.stringify(message), {
        qos: 1,
      });
    const feed = async () =>
      (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'iot')!;
    const deadLetters = async () =>
      DeadLetterPage.parse((await getJson(`${server.url}/api/dead-letters?source=iot&limit=500`)).body).items;
    const sensor = (id: string) => server.app.states.get('sensors', id);
    const event = async (id: string) => {
      const res = await getJson(`${server.url}/api/events/${encodeURIComponent(id)}`);
      return res.status === 200 ? Event.parse(res.body) : null;
    };
    const received = async (n: number) =>
      eventually(`${n} messages received`, async () => (await feed()).received >= n);

    beforeAll(async () => {
      const e = await env();
      root = e['MQTT_TOPIC_ROOT'] ?? 'city';
      server = await startTestServer(e);
      await eventually('connector subscribed', async () => (await feed()).connected);
      pub = await publisher(brokerUrl());
    });
    afterAll(async () => {
      await pub?.endAsync();
      await server?.stop();
    });

    it('stores a reading as the sensor state and sends it live', async () => {
      const live = await LiveClient.connect(server.url);
      try {
        await live.subscribe({ topic: 'sensors' });
        const id = `SH-WL-${randomUUID().slice(0, 6)}`;
        await send('waterlogging', id, telemetry(id, 0, 3.2));
        await live.waitFor(
          () => live.deltas('sensors').some((d) => d.upserts.some((s) => s.id === id)),
          'sensor delta',
          10_000,
        );
        expect(await sensor(id)).toMatchObject({
          type: 'waterlogging',
          value: 3.2,
          unit: 'cm',
          alarm: false,
        });
        expect(live.violations).toEqual([]);
      } finally {
        live.close();
      }
    });

    it('raises one alarm for a value hovering at the line, clears it below the clear line', async () => {
      const id = `SH-WL-${randomUUID().slice(0, 6)}`;
      const depths = [14.9, 15.2, 14.8, 15.1, 14.9, 11, 9.5];
      const before = (await feed()).received;
      for (const [i, d] of depths.entries()) await send('waterlogging', id, telemetry(id, i, d));
      await received(before + depths.length);
      await eventually('last reading stored', async () => (await sensor(id))?.value === 9.5);
      const raisedId = `iot:${id}@${T0 + 60_000}`;
      const ev = await event(raisedId);
      expect(ev).toMatchObject({
        category: 'waterlogging',
        version: 2,
        attributes: { alarmState: 'cleared' },
      });
      expect((await sensor(id))?.alarmEventId).toBeNull();
      const all = await server.app.events.list(EventQuery.parse({ source: 'iot', limit: '500' }));
      expect(all.items.filter((e) => e.nativeId.startsWith(`${id}@`))).toHaveLength(1);
    });

    it('ignores a redelivered message and an out-of-order older reading', async () => {
      const id = `SH-WL-${randomUUID().slice(0, 6)}`;
      const first = await feed();
      await send('waterlogging', id, telemetry(id, 5, 20));
      await received(first.received + 1);
      const raised = await sensor(id);
      expect(raised?.alarm).toBe(true);
      await send('waterlogging', id, telemetry(id, 5, 20)); // QoS 1 redelivery
      await send('waterlogging', id, telemetry(id, 2, 0)); // a gateway's buffered older reading
      await received(first.received + 3);
      await eventually('both counted', async () => (await feed()).duplicates - first.duplicates >= 2);
      expect(await sensor(id)).toEqual(raised);
      const ev = await event(raised!.alarmEventId!);
      expect(ev?.version).toBe(1);
    });

    it('dead-letters bad messages with their reason and balances the feed', async () => {
      const before = await deadLetters();
      const id = `SH-WL-${randomUUID().slice(0, 6)}`;
      const f0 = (await feed()).received;
      await send('waterlogging', id, '{"deviceId": "cut off');
      await send('vibration', id, telemetry(id, 0, 1));
      await send('waterlogging', id, { ...telemetry(id, 0, 1), ts: Math.floor(T0 / 1000) });
      await send('waterlogging', id, { ...telemetry(id, 0, 1), site: 'x'.repeat(20_000) });
      await received(f0 + 4);
      await eventually('4 dead letters', async () => (await deadLetters()).length >= before.length + 4);
      const codes = (await deadLetters())
        .slice(0, 4)
        .map((d) => d.code)
        .sort();
      expect(codes).toEqual(['BAD_TIME', 'INTAKE_DECODE', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_CODE']);
      const f = await feed();
      expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
      expect(f.quarantined).toBe((await deadLetters()).length);
    });
  });
}

let embeddedPort = 0;
suite(
  'IoT over the embedded MQTT broker (aedes)',
  async () => {
    embeddedPort = await freePort();
    return { MQTT_PORT: String(embeddedPort) };
  },
  () => `mqtt://127.0.0.1:${embeddedPort}`,
);

describe.skipIf(!mosquittoUp)('IoT over the machine’s Mosquitto', () => {
  const root = `city-test-${randomUUID().slice(0, 8)}`;
  suite(
    'one node',
    async () => ({ MQTT_URL: `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`, MQTT_TOPIC_ROOT: root }),
    () => `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`,
  );

  it('splits the stream between two nodes with a shared subscription (each message ingested once)', async () => {
    const shared = `city-test-${randomUUID().slice(0, 8)}`;
    const env = { MQTT_URL: `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`, MQTT_TOPIC_ROOT: shared };
    const [a, b] = [await startTestServer(env), await startTestServer(env)];
    const pub = await publisher(env.MQTT_URL);
    try {
      const feedOf = async (s: TestServer) =>
        (await getJson<FeedHealth[]>(`${s.url}/api/feeds`)).body.find((f) => f.source === 'iot')!;
      await eventually(
        'both subscribed',
        async () => (await feedOf(a)).connected && (await feedOf(b)).connected,
      );
      const n = 40;
      for (let i = 0; i < n; i++) {
        const id = `SH-WL-${String(i).padStart(6, '0')}`;
        await pub.publishAsync(
          `${shared}/waterlogging/${id}/telemetry`,
          JSON.stringify(telemetry(id, 0, 1)),
          { qos: 1 },
        );
      }
      await eventually(
        'all consumed',
        async () => (await feedOf(a)).received + (await feedOf(b)).received >= n,
      );
      const [ra, rb] = [(await feedOf(a)).received, (await feedOf(b)).received];
      // Without the shared subscription each node would take all n.
      expect(ra + rb).toBe(n);
      expect(ra).toBeGreaterThan(0);
      expect(rb).toBeGreaterThan(0);
    } finally {
      await pub.endAsync();
      await a.stop();
      await b.stop();
    }
  });
});

describe('IoT alarm state across a restart', () => {
  it('clears an alarm raised before the restart (the state lives in the store)', async () => {
    const port = await freePort();
    const env = { MQTT_PORT: String(port) };
    const first = await startTestServer(env);
    const id = `SH-WL-${randomUUID().slice(0, 6)}`;
    const feedOf = async (s: TestServer) =>
      (await getJson<FeedHealth[]>(`${s.url}/api/feeds`)).body.find((f) => f.source === 'iot')!;
    await eventually('subscribed', async () => (await feedOf(first)).connected);
    let pub = await publisher(`mqtt://127.0.0.1:${port}`);
    await pub.publishAsync(`city/waterlogging/${id}/telemetry`, JSON.stringify(telemetry(id, 0, 22)), {
      qos: 1,
    });
    await eventually('raised', async () => (await first.app.states.get('sensors', id))?.alarm === true);
    await pub.endAsync();
    await first.stop({ keepData: true });

    const second = await startTestServer(env, first.dataDir);
    try {
      await eventually('subscribed again', async () => (await feedOf(second)).connected);
      pub = await publisher(`mqtt://127.0.0.1:${port}`);
      await pub.publishAsync(`city/waterlogging/${id}/telemetry`, JSON.stringify(telemetry(id, 1, 12)), {
        qos: 1,
      });
      await pub.publishAsync(`city/waterlogging/${id}/telemetry`, JSON.stringify(telemetry(id, 2, 8)), {
        qos: 1,
      });
      await eventually('cleared', async () => (await second.app.states.get('sensors', id))?.alarm === false);
      const ev = await second.app.events.get(`iot:${id}@${T0}`);
      expect(ev).toMatchObject({ version: 2, attributes: { alarmState: 'cleared' } });
      await pub.endAsync();
    } finally {
      await second.stop();
    }
  });
});
