import type { Subsystem } from '../types';
import { splitTrafficBatch, trafficAdapter } from './adapter';
import { trafficRoutes } from './routes';
import { createTrafficSimulator } from './simulator';

/** Bodies of a minute batch: ~4,200 segment readings are ~0.3 MB; room for a city several times larger. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** 交警: a batch POST every 60 s of per-segment speeds and incidents, split into one record per item. */
export const traffic: Subsystem = {
  source: 'traffic',
  adapter: trafficAdapter,
  intake: {
    kind: 'webhook',
    contentTypes: ['application/json'],
    bodyLimit: BATCH_BODY_LIMIT,
    split: splitTrafficBatch,
  },
  createSimulator: createTrafficSimulator,
  routes: trafficRoutes,
};
