import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/contract/live';
import type { ServerInfo } from '../src/contract/rest';
import type { SourceId } from '../src/contract/source';
import { toUtcInstant } from '../src/contract/time';
import { loadCityPack, type CityPack } from './city-packs/load';
import type { Config } from './config';
import { body, registerErrorHandling } from './gateway/rest/errors';
import { intakeRoutes } from './gateway/rest/intake';
import { mapRoutes } from './gateway/rest/map-routes';
import { readRoutes } from './gateway/rest/read-routes';
import { statsRoutes } from './gateway/rest/stats-routes';
import { registerSpa } from './gateway/rest/spa';
import { setupSecurity, type Security } from './gateway/security';
import { LiveGateway } from './gateway/socket/live-gateway';
import { eventsFeed, healthFeed, stateFeed } from './gateway/socket/topic-feeds';
import type { Adapter } from './pipeline/adapter';
import { FeedHealthTracker } from './pipeline/feed-health';
import { Hub } from './pipeline/hub';
import { IngestPipeline } from './pipeline/ingest';
import { openStore, type Db } from './store/db';
import { CursorsRepo } from './store/cursors-repo';
import { DeadLettersRepo } from './store/dead-letters-repo';
import { EventsRepo } from './store/events-repo';
import { EventStatsRepo } from './store/event-stats-repo';
import { StatesRepo } from './store/states-repo';
import { StateWriter } from './pipeline/state-writer';
import { SUBSYSTEMS } from './subsystems';
import { setupDutyConsole, type DutyConsole } from './duty-console';
import { DispatchRules, loadDispatchConfig } from './lifecycle/dispatch-rules';
import type { Runnable, Subsystem, SubsystemContext } from './subsystems/types';

export interface App {
  fastify: FastifyInstance;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  pack: CityPack;
  db: Db;
  pipeline: IngestPipeline;
  health: FeedHealthTracker;
  events: EventsRepo;
  deadLetters: DeadLettersRepo;
  states: StateWriter;
  /** Accounts, sessions, access rules, audit log, signed video URLs. */
  security: Security;
  /** The duty console: lifecycle actions, queue, SLA escalation, warning publishing, Open311. */
  console: DutyConsole;
  /** Listens, then starts connectors and (if enabled) simulators. Returns the base URL. */
  listen(): Promise<string>;
  /** Stops sources first, then intake, then flushes the pipeline and closes the store: nothing accepted is lost. */
  close(progress?: (step: string) => void): Promise<void>;
}

/** Everything but the process: what `main.ts` runs and what tests start on a random port. */
export async function buildApp(
  config: Config,
  log: Logger,
  subsystems: readonly Subsystem[] = SUBSYSTEMS,
  opts: { now?: () => number } = {},
): Promise<App> {
  const pack = loadCityPack(config.CITY_PACK);
  // The duty console's clock (SLA escalation, action times); tests move it to make events overdue.
  const now = opts.now ?? Date.now;
  const rules = new DispatchRules(loadDispatchConfig(pack.dir));
  const db = await openStore(config);
  // A new event's SLA clock starts when it is stored (rules from the city pack's dispatch.json).
  const events = new EventsRepo(db.kysely, { dialect: db.dialect, initialize: (e) => rules.initialize(e) });
  const deadLetters = new DeadLettersRepo(db.kysely);
  const hub = new Hub();
  const statesRepo = new StatesRepo(db.kysely);
  const states = new StateWriter(statesRepo, hub);
  const health = new FeedHealthTracker(
    subsystems.map((s) => ({
      source: s.source,
      expectedIntervalMs: pack.manifest.feeds[s.source]?.expectedIntervalMs ?? 60_000,
    })),
    pack.manifest.staleFactor,
  );
  const adapters = new Map<SourceId, Adapter>(subsystems.map((s) => [s.source, s.adapter]));
  const pipeline = new IngestPipeline({
    adapters,
    ctx: { pack },
    events,
    deadLetters,
    health,
    hub,
    states,
    log: log.child({ c: 'ingest' }),
  });

  const fastify = Fastify({
    loggerInstance: log.child({ c: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Fastify's own 503 while closing has no catalogue code; the onRequest hook below answers instead.
    return503OnClosing: false,
  });
  registerErrorHandling(fastify);
  let closing = false;
  fastify.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    // Connection: close, so a sender's keep-alive socket does not hold the shutdown open.
    return reply
      .status(503)
      .header('connection', 'close')
      .send(body('SHUTTING_DOWN', 'the server is shutting down; retry against another node or later'));
  });
  // A request already in a handler when shutdown starts is answered normally; once answered, its keep-alive
  // socket is idle and would hold fastify.close() open for the whole keep-alive timeout (72 s): close it then
  // (a request already pipelined behind it is not idle and still gets its SHUTTING_DOWN answer).
  fastify.addHook('onResponse', async () => {
    if (closing) setImmediate(() => fastify.server.closeIdleConnections());
  });
  // Before any route: every route below falls under the access rules (default-deny).
  const security = await setupSecurity(fastify, { config, db, pack, events, states: statesRepo, log });
  const duty = setupDutyConsole({
    config,
    db,
    pack,
    rules,
    events,
    hub,
    audit: security.audit,
    pipeline,
    states,
    intakeKeys: security.secrets.intakeKeys,
    now,
    log,
    routeTable: () => security.routes,
  });
  const server: ServerInfo = {
    buildId: buildIdOf(config.STATIC_DIR),
    startedAt: toUtcInstant(Date.now()),
    version: '0.1.0',
  };
  await fastify.register(
    async (api) => {
      await security.apiRoutes(api);
      await api.register(readRoutes, { events, deadLetters, health, city: pack.info, server });
      await api.register(statsRoutes, { stats: new EventStatsRepo(db.kysely), now });
      await api.register(intakeRoutes, {
        subsystems,
        pipeline,
        states,
        bodyLimit: config.INTAKE_BODY_LIMIT,
      });
      await api.register(mapRoutes, { pack });
      for (const s of subsystems) if (s.routes) await api.register(s.routes({ pack, states }));
      await duty.routes(api);
    },
    { prefix: '/api' },
  );
  await registerSpa(fastify, config.STATIC_DIR);

  const io = new Server<ClientToServerEvents, ServerToClientEvents>(fastify.server, {
    serveClient: false,
    // Deltas are small and frequent; a large snapshot may exceed the 1 MB default.
    maxHttpBufferSize: 1e6,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  const health$ = healthFeed(health, hub);
  const feeds = {
    events: eventsFeed(events, db.storeId),
    health: health$,
    traffic: stateFeed('traffic', statesRepo, db.storeId),
    cameras: stateFeed('cameras', statesRepo, db.storeId),
    sensors: stateFeed('sensors', statesRepo, db.storeId),
    workers: stateFeed('workers', statesRepo, db.storeId),
    warnings: stateFeed('warnings', statesRepo, db.storeId),
  };
  const gateway = new LiveGateway(io, feeds, hub, {
    flushMs: config.LIVE_FLUSH_MS,
    buildId: server.buildId,
    log: log.child({ c: 'live' }),
    authorize: security.authorizeSubscription,
  });
  const stopLiveAuth = security.attachLive(io);
  const stopPresence = duty.attachLive(io);

  let baseUrl = '';
  const ctx: SubsystemContext = {
    pack,
    config,
    log,
    pipeline,
    health,
    states,
    baseUrl: () => baseUrl,
    intakeHeaders: security.intakeHeaders,
    cursors: new CursorsRepo(db.kysely),
  };
  const runnables: Runnable[] = [];

  return {
    fastify,
    io,
    pack,
    db,
    pipeline,
    health,
    events,
    deadLetters,
    states,
    security,
    console: duty,
    async listen() {
      await fastify.listen({ host: config.HOST, port: config.PORT });
      const addr = fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      baseUrl = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
      for (const s of subsystems) {
        if (s.createConnector) runnables.push(s.createConnector(ctx));
        if (config.SIMULATORS && s.createSimulator) runnables.push(s.createSimulator(ctx));
        if (s.intake.kind === 'webhook') health.setConnected(s.source, true);
      }
      runnables.push(...duty.runnables(ctx));
      for (const r of runnables) await r.start();
      return baseUrl;
    },
    async close(progress = (step: string) => log.debug({ step }, 'shutdown step')) {
      progress('stopping sources (simulators and connectors)');
      for (const r of runnables.reverse()) await r.stop();
      progress('closing the live gateway');
      gateway.close();
      stopLiveAuth();
      stopPresence();
      health$.stop();
      io.disconnectSockets(true);
      // From here a new request is refused with SHUTTING_DOWN; requests already in a handler finish first.
      closing = true;
      progress('draining HTTP requests');
      await fastify.close();
      progress('flushing the ingest pipeline');
      await pipeline.close();
      progress('stopping the duty console sweeps');
      await duty.close();
      progress('closing the store');
      await db.close();
    },
  };
}

/** Identifies the served build; the wall reloads itself when the server it reconnects to has another. */
function buildIdOf(staticDir: string): string {
  try {
    return createHash('sha256')
      .update(readFileSync(join(staticDir, 'index.html')))
      .digest('hex')
      .slice(0, 12);
  } catch {
    // No build (API-only, e.g. under `npm run dev`): the id is per process.
    return `dev-${randomUUID().slice(0, 8)}`;
  }
}
