import type { FastifyInstance } from 'fastify';
import { CodedError } from '../../../src/contract/errors';
import { DeadLetterQuery, EventQuery, type CityInfo, type ServerInfo } from '../../../src/contract/rest';
import { inScope, scopedDistricts, viewEvent } from '../../auth/visibility';
import type { FeedHealthTracker } from '../../pipeline/feed-health';
import type { DeadLettersRepo } from '../../store/dead-letters-repo';
import type { EventsRepo } from '../../store/events-repo';

/**
 * Read-only REST: events, feed health, the dead-letter store, the city and the server's build. Each route
 * declares its access rule (auth/access.ts); events are cut to the caller's districts and masked per role.
 */
export async function readRoutes(
  app: FastifyInstance,
  opts: {
    events: EventsRepo;
    deadLetters: DeadLettersRepo;
    health: Pick<FeedHealthTracker, 'all'>;
    city: CityInfo;
    server: ServerInfo;
  },
): Promise<void> {
  app.get(
    '/events',
    { config: { access: { permission: 'events:read', scope: 'district' } } },
    async (req) => {
      const q = EventQuery.parse(req.query);
      const district = scopedDistricts(req.principal!, q.district);
      // Asked only for districts outside the caller's scope: nothing is visible (not "no condition").
      if (district?.length === 0) return { items: [], total: 0 };
      const page = await opts.events.list({ ...q, district });
      return { ...page, items: page.items.map((e) => viewEvent(e, req.principal!)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/events/:id',
    { config: { access: { permission: 'events:read', scope: 'district' } } },
    async (req) => {
      const event = await opts.events.get(req.params.id);
      if (!event) throw new CodedError('NOT_FOUND', `no event ${req.params.id}`);
      if (!inScope(req.principal!, event.district))
        throw new CodedError('FORBIDDEN_DISTRICT', `event ${event.id} is outside your districts`);
      return viewEvent(event, req.principal!);
    },
  );

  app.get('/feeds', { config: { access: { permission: 'feeds:read' } } }, async () => opts.health.all());

  app.get('/dead-letters', { config: { access: { permission: 'dead-letters:read' } } }, async (req) =>
    opts.deadLetters.list(DeadLetterQuery.parse(req.query)),
  );

  // The city's public facts (name, centre, divisions) and the build: needed before sign-in.
  app.get('/city', { config: { access: { public: true } } }, async () => opts.city);

  app.get('/server', { config: { access: { public: true } } }, async () => opts.server);
}
