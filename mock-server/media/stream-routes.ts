import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Camera } from '../../src/contract/entities';
import { CodedError } from '../../src/contract/errors';
import { CameraId } from '../../src/contract/video';
import { recordAudit } from '../auth/audit';
import { verifyStreamRequest, type StreamUrlSigner } from '../auth/video-urls';
import { inScope } from '../auth/visibility';
import type { EndReason, StreamSink } from './live-stream';
import type { MediaGateway } from './media-gateway';
import type { StreamSessions } from './stream-sessions';

const Params = z.object({ cameraId: CameraId });

/** A viewer's HTTP response as a stream sink: bytes queue in a PassThrough that Fastify pipes to the socket. */
class ResponseSink implements StreamSink {
  readonly body = new PassThrough({ highWaterMark: 256 * 1024 });
  ended: EndReason | null = null;

  write(chunk: Buffer): void {
    if (!this.ended) this.body.write(chunk);
  }
  get backlog(): number {
    return this.body.writableLength + this.body.readableLength;
  }
  end(reason: EndReason): void {
    if (this.ended) return;
    this.ended = reason;
    this.body.end();
  }
}

/**
 * `GET /api/video/:cameraId/stream?exp=&sig=`: the camera's live video as HTTP-FLV (H.264 in FLV over a chunked
 * response, played by mpegts.js). The URL must be one signed for this camera and the caller's own session
 * (`POST /api/video/:cameraId/url`): expired, tampered or another user's URL → 403. Then the district scope is
 * checked again (defence in depth), an offline camera is refused with CAMERA_OFFLINE (409), and a viewer past
 * the stream cap with VIDEO_CAPACITY (503). Each admitted view is audited (`video.view`). The response lasts as
 * long as the viewer watches; it ends when the camera goes offline, the session ends, or the server stops.
 */
export async function streamRoutes(
  app: FastifyInstance,
  opts: {
    gateway: MediaGateway;
    signer: StreamUrlSigner;
    camera: (id: string) => Promise<Camera | null>;
    sessions: StreamSessions;
  },
): Promise<void> {
  app.get(
    '/video/:cameraId/stream',
    { config: { access: { permission: 'video:view', scope: 'district' } } },
    async (req, reply) => {
      const { cameraId } = Params.parse(req.params);
      verifyStreamRequest(opts.signer, req, cameraId);
      const camera = await opts.camera(cameraId);
      if (!camera) throw new CodedError('NOT_FOUND', `no camera ${cameraId}`);
      if (!inScope(req.principal!, camera.district)) {
        await recordAudit(req, 'video.view', cameraId, { district: camera.district }, { outcome: 'denied' });
        throw new CodedError('FORBIDDEN_DISTRICT', `camera ${cameraId} is outside your districts`);
      }
      if (!camera.online) throw new CodedError('CAMERA_OFFLINE', `camera ${cameraId} is offline`);

      const sink = new ResponseSink();
      // The response's 'close' is the viewer leaving (or its connection dropping), also while we wait for a picture.
      let gone = false;
      const onGone = () => {
        gone = true;
      };
      reply.raw.once('close', onGone);
      const lease = await opts.gateway.open(camera, sink);
      reply.raw.off('close', onGone);
      const untrack = opts.sessions.track(req.auth!.session.id, (reason) => sink.end(reason));
      const release = () => {
        lease.close();
        untrack();
        sink.end('stopped');
      };
      if (gone) {
        release();
        reply.hijack();
        reply.raw.destroy();
        return reply;
      }
      reply.raw.once('close', release);
      sink.body.once('end', () => {
        lease.close();
        untrack();
      });
      try {
        await recordAudit(req, 'video.view', cameraId, { district: camera.district });
      } catch (err) {
        release();
        throw err;
      }
      return reply
        .header('content-type', 'video/x-flv')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no') // a reverse proxy must not buffer a live stream
        .send(sink.body);
    },
  );
}
