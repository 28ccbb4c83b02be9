import type { Subsystem } from '../types';
import { gridAdapter } from './adapter';
import { createGridConnector } from './connector';
import { createGridSimulator } from './simulator';

/** 网格化管理: REST polling of patrol cases by grid code, and of grid workers' GPS positions. */
export const grid: Subsystem = {
  source: 'grid',
  adapter: gridAdapter,
  intake: { kind: 'connector' },
  createConnector: createGridConnector,
  createSimulator: createGridSimulator,
};
