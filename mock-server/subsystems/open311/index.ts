import type { Subsystem } from '../types';
import { open311Adapter } from './adapter';

/**
 * Open311 GeoReport v2 clients (citizen apps, partner systems) submitting requests through our own standard API
 * (`POST /api/open311/v2/requests.json`, gateway/rest/open311-routes.ts). A source of its own, not the 12345
 * hotline: the channel, id space and format differ, and feed health counts it separately. Its "connector" is
 * that endpoint, open while the server listens.
 */
export const open311: Subsystem = {
  source: 'open311',
  adapter: open311Adapter,
  intake: { kind: 'connector' },
  createConnector: (ctx) => ({
    start: async () => ctx.health.setConnected('open311', true),
    stop: async () => ctx.health.setConnected('open311', false),
  }),
};
