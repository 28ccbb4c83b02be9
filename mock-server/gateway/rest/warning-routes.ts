import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  WarningCancelRequest,
  WarningDraft,
  type PublishedWarning,
  type PublishedWarningList,
  type WarningPreview,
} from '../../../src/contract/console';
import { recordAudit } from '../../auth/audit';
import type { WarningPublisher } from '../../publishing/warning-publisher';

const IdParams = z.object({ id: z.string().min(3).max(400) });

/**
 * 预警发布 for authorised users (`warnings:publish`): preview a draft as the CAP 1.2 XML it would be (validated),
 * publish it, update or cancel what was published, and list the console's messages. Every publication is
 * audited. The feed other systems poll is cap-feed-routes.ts.
 */
export async function warningRoutes(
  app: FastifyInstance,
  opts: { publisher: WarningPublisher },
): Promise<void> {
  const { publisher } = opts;
  const publish = { access: { permission: 'warnings:publish' } } as const;
  const limits = { bodyLimit: 128 * 1024 };

  // Changes nothing: a read, though POSTed (the draft is a body, not a query string).
  app.post(
    '/warnings/preview',
    { ...limits, config: { access: { permission: 'warnings:publish', action: 'read' } } },
    async (req): Promise<WarningPreview> => publisher.preview(WarningDraft.parse(req.body)),
  );

  app.post('/warnings', { ...limits, config: publish }, async (req, reply): Promise<PublishedWarning> => {
    const out = await publisher.publish(WarningDraft.parse(req.body), req.principal!.username);
    await recordAudit(req, 'warning.publish', out.id, {
      msgType: out.msgType,
      level: out.level,
      headline: out.headline,
    });
    reply.status(201);
    return out;
  });

  app.post(
    '/warnings/:id/update',
    { ...limits, config: publish },
    async (req, reply): Promise<PublishedWarning> => {
      const { id } = IdParams.parse(req.params);
      const out = await publisher.update(id, WarningDraft.parse(req.body), req.principal!.username);
      await recordAudit(req, 'warning.update', out.id, { references: out.references, level: out.level });
      reply.status(201);
      return out;
    },
  );

  app.post(
    '/warnings/:id/cancel',
    { bodyLimit: 4096, config: publish },
    async (req, reply): Promise<PublishedWarning> => {
      const { id } = IdParams.parse(req.params);
      const { reason } = WarningCancelRequest.parse(req.body);
      const out = await publisher.cancel(id, reason, req.principal!.username);
      await recordAudit(req, 'warning.cancel', out.id, { references: out.references, reason });
      reply.status(201);
      return out;
    },
  );

  app.get('/warnings/published', { config: publish }, async (): Promise<PublishedWarningList> => ({
    items: await publisher.list(),
  }));
}
