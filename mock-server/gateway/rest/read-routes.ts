import type { FastifyInstance } from 'fastify';
import { CodedError } from '../../../src/contract/errors';
import { DeadLetterQuery, EventQuery, type CityInfo, type ServerInfo } from '../../../src/contract/rest';
import type { FeedHealthTracker } from '../../pipeline/feed-health';
import type { DeadLettersRepo } from '../../store/dead-letters-repo';
import type { EventsRepo } from '../../store/events-repo';

/** Read-only REST: events, feed health, the dead-letter store, the city and the server's build. */
export async function readRoutes(
  app: FastifyInstance,
  opts: {
    events: EventsRepo;
    deadLetters: DeadLettersRepo;
    health: FeedHealthTracker;
    city: CityInfo;
    server: ServerInfo;
  },
): Promise<void> {
  app.get('/events', async (req) => opts.events.list(EventQuery.parse(req.query)));

  app.get<{ Params: { id: string } }>('/events/:id', async (req) => {
    const event = await opts.events.get(req.params.id);
    if (!event) throw new CodedError('NOT_FOUND', `no event ${req.params.id}`);
    return event;
  });

  app.get('/feeds', async () => opts.health.all());

  app.get('/dead-letters', async (req) => opts.deadLetters.list(DeadLetterQuery.parse(req.query)));

  app.get('/city', async () => opts.city);

  app.get('/server', async () => opts.server);
}
