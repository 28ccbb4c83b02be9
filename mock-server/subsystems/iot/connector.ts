import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import type { IngestRecord } from '../../pipeline/ingest';
import type { Runnable, SubsystemContext } from '../types';
import type { IotRecord } from './adapter';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker';
import { simEndpoint } from '../../simulation/sim-endpoints';

/** Name under which the connector publishes the broker URL for the in-process simulator. */
export const BROKER_ENDPOINT = 'iot-mqtt-broker';
/** Consumers of one group share the telemetry (each message to one of them): several server nodes, one stream. */
export const SHARE_GROUP = 'city-brain';
/** Telemetry is small; a bigger message is refused (quarantined, not parsed). */
const MAX_MESSAGE_BYTES = 16 * 1024;
const PROBE_TIMEOUT_MS = 1500;

/**
 * Subscribes to `<root>/+/+/telemetry` and feeds each message through the pipeline with the sensor's stored
 * state (so alarm hysteresis survives restarts). A message is acknowledged to the broker only after it is stored, so
 * messages are processed one at a time per node, in arrival order (each device's readings stay in order).
 *
 * Scaling out: when the broker supports shared subscriptions (MQTT 5, and Mosquitto / EMQX for 3.1.1 clients
 * too), the connector subscribes as `$share/city-brain/<root>/+/+/telemetry`, so N server nodes split the
 * stream instead of each ingesting every message. Support is probed at connect (a message to a private probe
 * topic must come back through a `$share` filter); the embedded aedes broker has none and gets the plain filter.
 */
export function createIotConnector(ctx: SubsystemContext): Runnable {
  const { config, pipeline, states, health, log } = ctx;
  const filter = `${config.MQTT_TOPIC_ROOT}/+/+/telemetry`;
  let broker: EmbeddedBroker | null = null;
  let client: MqttClient | null = null;
  const chains = new Map<string, Promise<boolean>>();
  let stopping = false;
  let probe: { topic: string; resolve: () => void } | null = null;

  const process = async (topic: string, payload: Buffer): Promise<void> => {
    const text = payload.subarray(0, MAX_MESSAGE_BYTES).toString('utf8');
    const raw = JSON.stringify({ topic, payload: text });
    if (payload.length > MAX_MESSAGE_BYTES) {
      const message = `telemetry of ${payload.length} bytes exceeds ${MAX_MESSAGE_BYTES}`;
      await pipeline.submit('iot', {
        payload: undefined,
        raw,
        refusal: { code: 'PAYLOAD_TOO_LARGE', message },
      });
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      await pipeline.submit('iot', {
        payload: undefined,
        raw,
        decodeError: `invalid JSON: ${(err as Error).message}`,
      });
      return;
    }
    const deviceId = topic.split('/')[2] ?? '';
    const previous = deviceId ? await states.get('sensors', deviceId) : null;
    const record: IngestRecord = { payload: { topic, message, previous } satisfies IotRecord, raw };
    await pipeline.submit('iot', record);
  };

  /** Per device in order (its alarm state is read, then written); the chain entry is dropped when idle. */
  const enqueue = (topic: string, payload: Buffer): Promise<boolean> => {
    const key = topic.split('/')[2] ?? '';
    const next = (chains.get(key) ?? Promise.resolve(true)).then(() =>
      process(topic, payload).then(
        () => true,
        (err: unknown) => {
          health.error('iot', `telemetry not stored: ${(err as Error).message}`);
          log.error({ err, topic }, 'iot telemetry not stored');
          return false;
        },
      ),
    );
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
    return next;
  };

  const subscribe = async (c: MqttClient, embedded: boolean) => {
    const shared = !embedded && (await supportsSharedSubscriptions(c));
    const topic = shared ? `$share/${SHARE_GROUP}/${filter}` : filter;
    const granted = await c.subscribeAsync(topic, { qos: 1 });
    if (granted.some((g) => g.qos === 128)) throw new Error(`broker refused the subscription ${topic}`);
    health.setConnected('iot', true);
    log.info({ source: 'iot', topic }, 'subscribed to sensor telemetry');
  };

  const supportsSharedSubscriptions = async (c: MqttClient): Promise<boolean> => {
    const topic = `city-brain-probe/${randomUUID()}`;
    const received = new Promise<boolean>((resolve) => {
      probe = { topic, resolve: () => resolve(true) };
      setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    try {
      const granted = await c.subscribeAsync(`$share/${SHARE_GROUP}-probe/${topic}`, { qos: 0 });
      if (granted.some((g) => g.qos === 128)) return false;
      await c.publishAsync(topic, 'probe', { qos: 0 });
      return await received;
    } finally {
      probe = null;
      await c.unsubscribeAsync(`$share/${SHARE_GROUP}-probe/${topic}`).catch(() => undefined);
    }
  };

  return {
    // Every node consumes: a shared subscription splits the stream between them (each message to one node).
    everyNode: true,
    async start() {
      stopping = false;
      const embedded = config.MQTT_URL === undefined;
      if (embedded) broker = await startEmbeddedBroker(config.MQTT_PORT);
      const url = config.MQTT_URL ?? broker!.url;
      // The simulated devices find the embedded broker here (its port may be ephemeral).
      simEndpoint(ctx, BROKER_ENDPOINT).set(url);
      log.info({ source: 'iot', url, embedded }, 'MQTT broker for sensors');
      // An external broker keeps this node's session (clean: false, a client id stable across restarts: NODE_ID, else
      // the host name), so QoS 1 telemetry published while the node is down is delivered when it is back: caught up,
      // not lost. (Mosquitto keeps dealing a share of a shared subscription to a member that is down: a dead node
      // must come back under its NODE_ID for its share to be delivered; see docs/DEPLOY.md.)
      // The embedded broker lives and dies with the process, so its sessions are throwaway.
      const clientId = embedded
        ? `city-brain-ingest-${randomUUID().slice(0, 8)}`
        : `city-brain-ingest-${createHash('sha256')
            .update(
              `${config.NODE_ID ?? hostname()}|${config.DATA_DIR}|${config.DATABASE_URL ?? ''}|${config.DATABASE_SCHEMA ?? ''}|${filter}`,
            )
            .digest('hex')
            .slice(0, 16)}`;
      const c = mqtt.connect(url, {
        clientId,
        protocolVersion: 4,
        clean: embedded,
        reconnectPeriod: 2000,
        connectTimeout: 10_000,
      });
      client = c;
      // A message is acknowledged (PUBACK) only once it is stored — or quarantined, which is stored too — so a node
      // killed mid-stream leaves its unacknowledged telemetry with the broker, which delivers it again (to this
      // node's persistent session when it is back). mqtt.js sends the PUBACK when this callback is called and reads
      // the next message only then: one message at a time per node, in order; nodes of the shared subscription
      // work in parallel. A message that could not be stored (store down) is not acknowledged: the connection is
      // dropped and the broker redelivers it after the reconnect.
      c.handleMessage = (packet, done) => {
        const topic = packet.topic;
        if (probe && topic === probe.topic) {
          probe.resolve();
          return done();
        }
        // Stopping: neither processed nor acknowledged; the broker keeps it for this session.
        if (stopping) return;
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        void enqueue(topic, payload).then((stored) => {
          if (stored) done();
          else done(new Error('telemetry not stored; left unacknowledged for redelivery'));
        });
      };
      c.on('connect', () => {
        subscribe(c, embedded).catch((err: unknown) => {
          health.error('iot', `subscribe failed: ${(err as Error).message}`);
          log.error({ err }, 'iot subscribe failed');
        });
      });
      c.on('close', () => health.setConnected('iot', false));
      c.on('error', (err) => health.error('iot', `MQTT: ${err.message}`));
    },
    async stop() {
      simEndpoint(ctx, BROKER_ENDPOINT).set(null);
      // Finish (and acknowledge) the message being stored; the next ones stay with the broker for this session.
      stopping = true;
      await Promise.all([...chains.values()]);
      // A graceful MQTT end would wait for the socket to close, which the message held unread above prevents: let
      // the last PUBACKs leave the socket, then close it (the held message stays with the broker's session).
      const stream = client?.stream as { writableLength?: number } | undefined;
      for (let i = 0; i < 50 && (stream?.writableLength ?? 0) > 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      await client?.endAsync(true).catch(() => undefined);
      await broker?.close();
      broker = null;
    },
  };
}
