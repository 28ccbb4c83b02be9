import type { Subsystem } from '../types';
import { cityManagementAdapter } from './adapter';
import { createCityManagementConnector } from './connector';
import { createCityManagementSimulator } from './simulator';

/** 数字城管: REST polling of cases (GB/T 30428 class codes, unit-grid codes, BD-09, epoch seconds). */
export const cityManagement: Subsystem = {
  source: 'city-management',
  adapter: cityManagementAdapter,
  intake: { kind: 'connector' },
  createConnector: createCityManagementConnector,
  createSimulator: createCityManagementSimulator,
};
