import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Runnable, SubsystemContext } from '../types';
import { IotFleet } from './fleet';
import { simEndpoint } from '../../simulation/sim-endpoints';
import { sharedIncidents } from '../../simulation/incidents';
import { BROKER_ENDPOINT } from './connector';
import { recordSend } from '../../simulation/send-log';

const TICK_MS = 1000;
/** Shares of messages with transport and device faults, so quarantine and duplicates are visible. */
const DEFECT_RATE = 0.01;
const REDELIVERY_RATE = 0.005;
const LATE_RATE = 0.003;

/**
 * The IoT platform's devices: publish their telemetry over MQTT (QoS 1) to the broker the connector uses —
 * the embedded one, or MQTT_URL. Now and then a gateway redelivers a message, forwards a buffered reading
 * late (older than the last one), or a device sends garbage.
 */
export function createIotSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack, log } = ctx;
  const root = config.MQTT_TOPIC_ROOT;
  const fleet = new IotFleet(pack, config.SIM_SEED, Date.now(), config.SIM_RATE, sharedIncidents(ctx));
  const defectRate = config.SIM_DEFECT_RATE ?? DEFECT_RATE;
  let client: MqttClient | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const publish = (c: MqttClient, topic: string, payload: string) => {
    c.publishAsync(`${root}/${topic}`, payload, { qos: 1 }).then(
      // Resolved on the broker's PUBACK: the broker has taken the reading.
      () => recordSend({ kind: 'mqtt', topic: `${root}/${topic}`, payload }),
      (err: unknown) => {
        if (!stopped) log.warn({ source: 'iot', err: (err as Error).message }, 'telemetry publish failed');
      },
    );
  };
  const tick = (c: MqttClient) => {
    const now = Date.now();
    for (const { topic, message } of fleet.due(now)) {
      const payload = JSON.stringify(message);
      publish(c, topic, payload);
      if (fleet.chance(REDELIVERY_RATE)) publish(c, topic, payload);
      if (fleet.chance(LATE_RATE))
        publish(c, topic, JSON.stringify({ ...message, ts: message.ts - 120_000 }));
      if (fleet.chance(defectRate)) {
        const bad = fleet.defective(now);
        publish(c, bad.topic, bad.payload);
      }
    }
    timer = setTimeout(() => tick(c), TICK_MS);
  };

  return {
    async start() {
      stopped = false;
      // The connector (started first) publishes the broker it uses: MQTT_URL, or the embedded one.
      const url = simEndpoint(ctx, BROKER_ENDPOINT).get();
      if (url === null) {
        log.warn({ source: 'iot' }, 'no MQTT broker published by the connector: IoT simulator not started');
        return;
      }
      const c = mqtt.connect(url, {
        clientId: `iot-platform-sim-${randomUUID().slice(0, 8)}`,
        protocolVersion: 4,
        reconnectPeriod: 2000,
      });
      client = c;
      c.once('connect', () => tick(c));
      c.on('error', (err) => log.warn({ source: 'iot', err: err.message }, 'simulator MQTT error'));
      log.info(
        { source: 'iot', url, sensors: fleet.sensors.length, rate: config.SIM_RATE },
        'IoT sensor simulator started',
      );
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Forced: a device fleet does not wait for a busy broker to ack its last readings (the next ones follow).
      await client?.endAsync(true).catch(() => undefined);
    },
  };
}
