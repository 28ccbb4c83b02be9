import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Camera } from '../../src/contract/entities';
import type { StreamUrlSigner } from '../auth/video-urls';
import type { Config } from '../config';
import type { Hub } from '../pipeline/hub';
import type { StatesRepo } from '../store/states-repo';
import { VideoLayoutsRepo } from '../store/video-layouts-repo';
import type { Db } from '../store/db';
import { resolveFfmpeg } from './ffmpeg-binary';
import { layoutRoutes } from './layout-routes';
import { MediaGateway } from './media-gateway';
import { StreamSessions, type SessionChecks } from './stream-sessions';
import { streamRoutes } from './stream-routes';

/** Open streams are re-checked against their session this often (revocation ends them at once). */
const SESSION_RECHECK_MS = 60_000;

export interface Media {
  gateway: MediaGateway;
  /** The stream and layout routes, registered under /api. */
  routes(api: FastifyInstance): Promise<void>;
  /** Ends every stream: call before the HTTP server drains (a live stream never finishes by itself). */
  close(): Promise<void>;
}

/**
 * Live video (雪亮工程): the media gateway that plays each catalogued camera on demand (simulated streams rendered
 * by ffmpeg), its HTTP-FLV route behind the signed URLs of auth/video-urls.ts, and the video wall's layouts.
 * A camera reported offline by the platform has its stream stopped at once.
 */
export function setupMedia(deps: {
  config: Config;
  timezone: string;
  db: Db;
  hub: Hub;
  states: Pick<StatesRepo, 'get'>;
  signer: StreamUrlSigner;
  auth: SessionChecks;
  log: Logger;
}): Media {
  const { config } = deps;
  const log = deps.log.child({ c: 'media' });
  const [width, height] = config.VIDEO_SIZE.split('x').map(Number) as [number, number];
  let ffmpeg: string | null = null;
  const gateway = new MediaGateway({
    maxStreams: config.VIDEO_MAX_STREAMS,
    idleTimeoutMs: config.VIDEO_IDLE_TIMEOUT_MS,
    startTimeoutMs: config.VIDEO_START_TIMEOUT_MS,
    width,
    height,
    fps: config.VIDEO_FPS,
    bitrateKbps: config.VIDEO_BITRATE_KBPS,
    ffmpegPath: () => (ffmpeg ??= resolveFfmpeg(config.FFMPEG_PATH)),
    timezone: deps.timezone,
    log,
  });
  const sessions = new StreamSessions(deps.auth, SESSION_RECHECK_MS, log);
  const offHub = deps.hub.subscribe((change) => {
    if (change.topic !== 'cameras') return;
    for (const { item } of change.items) {
      const camera = item as Camera;
      if (!camera.online && gateway.streamOf(camera.id)) void gateway.stop(camera.id, 'offline');
    }
  });
  const layouts = new VideoLayoutsRepo(deps.db.kysely);
  return {
    gateway,
    async routes(api) {
      await api.register(streamRoutes, {
        gateway,
        signer: deps.signer,
        camera: (id) => deps.states.get('cameras', id),
        sessions,
      });
      await api.register(layoutRoutes, { layouts });
    },
    async close() {
      offHub();
      sessions.close();
      await gateway.close();
    },
  };
}
