import fastifyCookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { INTAKE_KEY_HEADER } from '../../src/contract/auth';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/contract/live';
import type { SourceId } from '../../src/contract/source';
import { registerAccessControl, type RouteAccess } from '../auth/access';
import { AuditLog } from '../auth/audit';
import { AuthService } from '../auth/auth-service';
import { LoginThrottle } from '../auth/login-throttle';
import { loadSecrets, type Secrets } from '../auth/secrets';
import { seedDemoAccounts, type Seeded } from '../auth/seed';
import { StreamUrlSigner } from '../auth/video-urls';
import type { CityPack } from '../city-packs/load';
import type { Config } from '../config';
import { AccountsRepo } from '../store/accounts-repo';
import type { Db } from '../store/db';
import type { EventsRepo } from '../store/events-repo';
import { LoginThrottleRepo, SessionsRepo } from '../store/sessions-repo';
import type { StatesRepo } from '../store/states-repo';
import { adminRoutes } from './rest/admin-routes';
import { auditRoutes } from './rest/audit-routes';
import { authRoutes } from './rest/auth-routes';
import { exportRoutes } from './rest/export-routes';
import { videoRoutes } from './rest/video-routes';
import { authenticateSockets, authorizeSubscription } from './socket/live-access';

export interface Security {
  auth: AuthService;
  audit: AuditLog;
  accounts: AccountsRepo;
  secrets: Secrets;
  signer: StreamUrlSigner;
  /** The demo accounts seeded on this start (first start only), for the banner. */
  seeded: Seeded | null;
  /** Every route registered after setup, with its declared access rule. */
  routes: RouteAccess[];
  /** The security routes (auth, admin, audit, video URLs, exports), registered under /api. */
  apiRoutes(api: FastifyInstance): Promise<void>;
  /** Headers an in-process simulator sends to its intake, like the real subsystem would. */
  intakeHeaders(source: SourceId): Record<string, string>;
  /** Socket.IO: handshake authentication and revocation; returns a stop function. */
  attachLive(io: Server<ClientToServerEvents, ServerToClientEvents>): () => void;
  authorizeSubscription: typeof authorizeSubscription;
}

/**
 * Accounts, sessions, authorization, audit and browser hardening, installed on the root Fastify instance.
 * Call right after creating the instance, before any route, so every route falls under the access rules.
 */
export async function setupSecurity(
  fastify: FastifyInstance,
  deps: {
    config: Config;
    db: Db;
    pack: CityPack;
    events: EventsRepo;
    states: Pick<StatesRepo, 'get'>;
    log: Logger;
  },
): Promise<Security> {
  const { config, db, pack, log } = deps;
  await fastify.register(fastifyCookie);
  await fastify.register(helmet, {
    // What the SPA needs and nothing more: its own scripts only (no inline script, no eval); MapLibre's
    // worker is created from a blob: URL; canvases and map sprites use data:/blob: images; MapLibre and
    // ECharts set inline styles; video playback (hls.js/mpegts.js) feeds media from blob: MediaSource URLs.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The wall's URL carries its device token until the page trades it: it must never leave in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  const secrets = loadSecrets(config);
  const audit = new AuditLog(db.kysely, log.child({ c: 'audit' }), Date.now, db.dialect);
  const accounts = new AccountsRepo(db.kysely);
  const auth = new AuthService({
    accounts,
    sessions: new SessionsRepo(db.kysely),
    throttle: new LoginThrottle(new LoginThrottleRepo(db.kysely), {
      perAccount: config.LOGIN_MAX_FAILURES,
      perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockMs: config.LOGIN_LOCK_MINUTES * 60_000,
    }),
    audit,
    sessionSecret: secrets.sessionSecret,
    config,
    log: log.child({ c: 'auth' }),
  });
  const routes = registerAccessControl(fastify, { auth, intakeKeys: secrets.intakeKeys, audit });
  const seeded = await seedDemoAccounts(accounts, audit, {
    districts: pack.info.districts,
    password: config.SEED_PASSWORD,
    wallToken: config.SEED_WALL_TOKEN,
    tokenHash: (t) => auth.tokenHash(t),
    now: Date.now(),
  });
  const signer = new StreamUrlSigner(secrets.videoUrlKey, config.VIDEO_URL_TTL_SECONDS);
  const districtCodes = pack.info.districts.map((d) => d.code);

  return {
    auth,
    audit,
    accounts,
    secrets,
    signer,
    seeded,
    routes,
    async apiRoutes(api) {
      await api.register(authRoutes, { auth, config });
      await api.register(adminRoutes, { auth, accounts, districtCodes });
      await api.register(auditRoutes);
      await api.register(videoRoutes, { signer, states: deps.states });
      await api.register(exportRoutes, { events: deps.events });
    },
    intakeHeaders: (source) => ({ [INTAKE_KEY_HEADER]: secrets.intakeKeys.get(source)! }),
    attachLive: (io) => authenticateSockets(io, auth, log.child({ c: 'live-auth' })),
    authorizeSubscription,
  };
}
