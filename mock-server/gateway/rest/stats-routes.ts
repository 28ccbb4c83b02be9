import type { FastifyInstance } from 'fastify';
import { EventsHourlyQuery } from '../../../src/contract/stats';
import { scopedDistricts } from '../../auth/visibility';
import type { EventStatsRepo } from '../../store/event-stats-repo';

/**
 * Aggregates for the wall's charts, cut to the caller's districts like the events they count. A bad query
 * is a BAD_REQUEST naming the field (zod → the error catalogue).
 */
export async function statsRoutes(
  app: FastifyInstance,
  opts: { stats: EventStatsRepo; now?: () => number },
): Promise<void> {
  const now = opts.now ?? Date.now;
  app.get(
    '/stats/events-hourly',
    { config: { access: { permission: 'events:read', scope: 'district' } } },
    async (req) => {
      const q = EventsHourlyQuery.parse(req.query);
      const district = scopedDistricts(req.principal!, q.district);
      return opts.stats.hourly({ ...q, district: district ?? undefined }, now());
    },
  );
}
