import type { Subsystem } from '../types';
import { hotlineAdapter } from './adapter';
import { createHotlineSimulator } from './simulator';

/** 12345 政务服务便民热线: webhook POSTs of work orders (Chinese keys, GCJ-02, local times). */
export const hotline: Subsystem = {
  source: 'hotline',
  adapter: hotlineAdapter,
  intake: { kind: 'webhook', contentTypes: ['application/json'] },
  createSimulator: createHotlineSimulator,
};
