import type { Subsystem } from '../types';
import { iotAdapter } from './adapter';
import { createIotConnector } from './connector';
import { redecodeIotMessage, withStoredSensor } from './replay';
import { createIotSimulator } from './simulator';

/** 物联感知: sensor telemetry over MQTT (`<root>/<type>/<deviceId>/telemetry`), alarms by city-pack thresholds. */
export const iot: Subsystem = {
  source: 'iot',
  adapter: iotAdapter,
  intake: { kind: 'connector' },
  replay: { decode: redecodeIotMessage, prepare: withStoredSensor },
  createConnector: createIotConnector,
  createSimulator: createIotSimulator,
};
