import type { Subsystem } from '../types';
import { videoAdapter } from './adapter';
import { createVideoConnector } from './connector';
import { createVideoSimulator } from './simulator';

/** 雪亮工程: a polled camera catalogue (GB/T 28181 ids) plus pushed status changes and AI alarms. */
export const video: Subsystem = {
  source: 'video',
  adapter: videoAdapter,
  intake: { kind: 'webhook', contentTypes: ['application/json'] },
  createConnector: createVideoConnector,
  createSimulator: createVideoSimulator,
};
