import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { VideoUrl } from '../../../src/contract/auth';
import { CodedError } from '../../../src/contract/errors';
import { recordAudit } from '../../auth/audit';
import type { StreamUrlSigner } from '../../auth/video-urls';
import { inScope } from '../../auth/visibility';
import type { StatesRepo } from '../../store/states-repo';

const Params = z.object({ cameraId: z.string().regex(/^\d{20}$/, 'a 20-digit GB/T 28181 device id') });

/**
 * `POST /api/video/:cameraId/url`: a stream URL signed for the caller's session (依权限分级调阅). An officer
 * gets URLs only for cameras of their districts; every URL issued is audited (the video view). POST, not
 * GET, so a URL is never issued by a cross-site link; it changes nothing, hence `action: 'read'` (a wall may
 * open video). The stream route itself belongs to the video service and verifies with `verifyStreamRequest`.
 */
export async function videoRoutes(
  app: FastifyInstance,
  opts: { signer: StreamUrlSigner; states: Pick<StatesRepo, 'get'> },
): Promise<void> {
  app.post(
    '/video/:cameraId/url',
    { bodyLimit: 1024, config: { access: { permission: 'video:view', scope: 'district', action: 'read' } } },
    async (req): Promise<VideoUrl> => {
      const { cameraId } = Params.parse(req.params);
      const camera = await opts.states.get('cameras', cameraId);
      if (!camera) throw new CodedError('NOT_FOUND', `no camera ${cameraId}`);
      if (!inScope(req.principal!, camera.district)) {
        await recordAudit(req, 'video.url', cameraId, { district: camera.district }, { outcome: 'denied' });
        throw new CodedError('FORBIDDEN_DISTRICT', `camera ${cameraId} is outside your districts`);
      }
      const signed = opts.signer.sign(cameraId, req.auth!.session.id, Date.now());
      await recordAudit(req, 'video.url', cameraId, {
        district: camera.district,
        expiresAt: signed.expiresAt,
      });
      return { cameraId, url: signed.url, expiresAt: signed.expiresAt };
    },
  );
}
