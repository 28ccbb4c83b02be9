import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  QueueQuery,
  SavedViewInput,
  type ConsoleConfig,
  type EventDetail,
  type QueueCounts,
  type QueuePage,
  type SavedView,
} from '../../../src/contract/console';
import { CodedError } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import { inScope, scopedDistricts, viewEvent } from '../../auth/visibility';
import type { CameraIndex } from '../../lifecycle/camera-index';
import { composeDetail, NEARBY_CAMERA_COUNT, NEARBY_CAMERA_M } from '../../lifecycle/event-detail';
import type { LifecycleService } from '../../lifecycle/lifecycle-service';
import type { ConsoleQueueRepo } from '../../store/console-queue-repo';
import type { EventActionsRepo } from '../../store/event-actions-repo';
import type { EventsRepo } from '../../store/events-repo';
import type { SavedViewsRepo } from '../../store/saved-views-repo';

const IdParams = z.object({ id: z.string().min(3).max(200) });

/**
 * The duty console's reads: the queue (filters, full-text, sort, capped totals), counts per status, an event's
 * detail (timeline, related reports, nearest cameras, SLA clocks, the rules' suggestion), the dispatch data of
 * the city pack, and each user's saved views. Everything is cut to the caller's districts and masked per role.
 */
export async function consoleRoutes(
  app: FastifyInstance,
  opts: {
    service: LifecycleService;
    events: EventsRepo;
    queue: ConsoleQueueRepo;
    actions: EventActionsRepo;
    views: SavedViewsRepo;
    cameras: CameraIndex;
  },
): Promise<void> {
  const read = { access: { permission: 'events:read', scope: 'district' } } as const;
  const now = () => toUtcInstant(opts.service.now());

  app.get('/console/queue', { config: read }, async (req): Promise<QueuePage> => {
    const q = QueueQuery.parse(req.query);
    const p = req.principal!;
    const district = scopedDistricts(p, q.district);
    const serverTime = now();
    if (district?.length === 0) return { items: [], total: 0, totalCapped: false, serverTime };
    const page = await opts.queue.queue({ ...q, district }, serverTime);
    return { ...page, items: page.items.map((e) => viewEvent(e, p)), serverTime };
  });

  app.get('/console/counts', { config: read }, async (req): Promise<QueueCounts> => {
    const district = scopedDistricts(req.principal!, undefined);
    return opts.queue.counts(district, now());
  });

  app.get('/console/events/:id', { config: read }, async (req): Promise<EventDetail> => {
    const { id } = IdParams.parse(req.params);
    const p = req.principal!;
    const event = await opts.events.get(id);
    if (!event) throw new CodedError('NOT_FOUND', `no event ${id}`);
    if (!inScope(p, event.district))
      throw new CodedError('FORBIDDEN_DISTRICT', `event ${id} is outside your districts`);
    const [actions, related, cameras] = await Promise.all([
      opts.actions.forEvent(id),
      opts.queue.byIds(event.relatedIds),
      opts.cameras.nearest(event.location, NEARBY_CAMERA_COUNT, NEARBY_CAMERA_M, (c) =>
        inScope(p, c.district),
      ),
    ]);
    const detail = composeDetail({
      event: viewEvent(event, p),
      actions,
      related: related.filter((r) => inScope(p, r.district)).map((r) => viewEvent(r, p)),
      cameras,
      rules: opts.service.rules,
      now: opts.service.now(),
    });
    return detail;
  });

  app.get(
    '/console/config',
    { config: { access: { permission: 'events:read' } } },
    async (): Promise<ConsoleConfig> => {
      const c = opts.service.rules.config;
      return {
        kinds: c.kinds,
        departments: c.departments,
        plans: c.plans,
        escalation: c.escalation.levels,
        defaultSla: c.defaultSla,
      };
    },
  );

  app.get(
    '/console/views',
    { config: { access: { permission: 'events:read' } } },
    async (req): Promise<SavedView[]> => opts.views.list(req.principal!.id),
  );

  app.post(
    '/console/views',
    { config: { access: { permission: 'events:read' } }, bodyLimit: 16 * 1024 },
    async (req, reply): Promise<SavedView> => {
      const view = SavedViewInput.parse(req.body);
      // The query must be one the queue understands: a saved view never breaks the queue when restored.
      QueueQuery.parse(view.query);
      const saved = await opts.views.save(req.principal!.id, view, now());
      if (!saved) throw new CodedError('BAD_REQUEST', 'too many saved views; delete one first');
      reply.status(201);
      return saved;
    },
  );

  // Idempotent: deleting a view that is not (or no longer, or never was) the caller's deletes nothing.
  app.delete('/console/views/:id', { config: { access: { permission: 'events:read' } } }, async (req) => {
    const { id } = z.object({ id: z.string().max(100) }).parse(req.params);
    return { ok: true as const, deleted: await opts.views.remove(req.principal!.id, id) };
  });
}
