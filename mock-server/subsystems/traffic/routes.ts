import type { FastifyPluginAsync } from 'fastify';
import { DistrictTrafficResponse } from '../../../src/contract/traffic';
import { toUtcInstant } from '../../../src/contract/time';
import type { SubsystemRoutesContext } from '../types';
import { districtCongestion } from './district-index';

/** Segment states change once a minute: recomputing more often than this only costs. */
const CACHE_MS = 5_000;

/** `GET /api/traffic/districts`: the per-district congestion index (see district-index.ts for the formula). */
export function trafficRoutes(ctx: SubsystemRoutesContext): FastifyPluginAsync {
  let cached: { at: number; body: DistrictTrafficResponse } | null = null;
  return async (app) => {
    app.get(
      '/traffic/districts',
      { config: { access: { permission: 'entities:read' } } },
      async (_req, reply) => {
        const now = Date.now();
        if (!cached || now - cached.at > CACHE_MS) {
          const items = districtCongestion(await ctx.states.all('traffic'), ctx.pack);
          cached = { at: now, body: DistrictTrafficResponse.parse({ items, computedAt: toUtcInstant(now) }) };
        }
        return reply.header('cache-control', 'no-cache').send(cached.body);
      },
    );
  };
}
