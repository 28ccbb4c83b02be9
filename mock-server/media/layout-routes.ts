import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CodedError } from '../../src/contract/errors';
import { toUtcInstant } from '../../src/contract/time';
import { VideoLayoutInput, type VideoLayout } from '../../src/contract/video';
import type { VideoLayoutsRepo } from '../store/video-layouts-repo';

/**
 * The video wall's saved layouts, per user (`/api/video/layouts`). Server-side rather than in the browser: a duty
 * officer moves between seats and consoles, and the layout (a district's junctions on a 3×3, a patrol group) is
 * theirs, not the PC's. Saving is a write, so read-only roles (the wall device, the auditor) only read theirs.
 */
export async function layoutRoutes(app: FastifyInstance, opts: { layouts: VideoLayoutsRepo }): Promise<void> {
  app.get(
    '/video/layouts',
    { config: { access: { permission: 'video:view' } } },
    async (req): Promise<VideoLayout[]> => opts.layouts.list(req.principal!.id),
  );

  app.post(
    '/video/layouts',
    { config: { access: { permission: 'video:view' } }, bodyLimit: 16 * 1024 },
    async (req, reply): Promise<VideoLayout> => {
      const input = VideoLayoutInput.parse(req.body);
      if (input.tiles.length > input.grid)
        throw new CodedError('BAD_REQUEST', `a ${input.grid}-tile layout has more tiles`);
      const saved = await opts.layouts.save(req.principal!.id, input, toUtcInstant(Date.now()));
      if (!saved) throw new CodedError('BAD_REQUEST', 'too many saved layouts; delete one first');
      reply.status(201);
      return saved;
    },
  );

  // Idempotent: deleting a layout that is not (or no longer, or never was) the caller's deletes nothing.
  app.delete('/video/layouts/:id', { config: { access: { permission: 'video:view' } } }, async (req) => {
    const { id } = z.object({ id: z.string().max(100) }).parse(req.params);
    return { ok: true as const, deleted: await opts.layouts.remove(req.principal!.id, id) };
  });
}
