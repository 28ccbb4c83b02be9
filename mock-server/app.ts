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
import { deadLetterRoutes } from './gateway/rest/dead-letter-routes';
import { simulatorRoutes } from './gateway/rest/simulator-routes';
import { Correlator, followEvents } from './pipeline/correlate';
import { hourlyActivity } from './pipeline/feed-health';
import { SimulatorControl } from './simulation/simulator-control';
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
import { setupCluster, type ClusterNode } from './cluster/cluster';
import { configureSendLog } from './simulation/send-log';
import { setupDutyConsole, type DutyConsole } from './duty-console';
import { setupMedia, type Media } from './media';
import { DispatchRules, loadDispatchConfig } from './lifecycle/dispatch-rules';
import { setupTours } from './tours';
import { loadPackTours } from './tours/tour-pack';
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
  /** Live video: the media gateway (camera streams on demand) and the video wall's layouts. */
  media: Media;
  /** The demo's simulators (when SIMULATORS is on), stoppable one by one at run time. */
  simulators: SimulatorControl;
  /** This node among others (leader lease, ordered change stream, merged feed health); alone by default. */
  cluster: ClusterNode;
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
  const pack = loadCityPack(config.CITY_PACK, config.CITY_PACKS_DIR);
  // The pack's tours are checked at start like the rest of the pack (a bad file names its scene and field).
  const packTours = loadPackTours(pack);
  // The duty console's clock (SLA escalation, action times); tests move it to make events overdue.
  const now = opts.now ?? Date.now;
  const rules = new DispatchRules(loadDispatchConfig(pack.dir));
  const db = await openStore(config, (err) => log.warn({ err: err.message }, 'store connection lost'));
  // A new event's SLA clock starts when it is stored (rules from the city pack's dispatch.json).
  const events = new EventsRepo(db.kysely, { dialect: db.dialect, initialize: (e) => rules.initialize(e) });
  const deadLetters = new DeadLettersRepo(db.kysely);
  const hub = new Hub();
  const statesRepo = new StatesRepo(db.kysely, db.dialect);
  const states = new StateWriter(statesRepo, hub);
  const tours = setupTours({ db, pack, packTours, events, states: statesRepo, now });
  const rhythm = pack.manifest.rhythm;
  const health = new FeedHealthTracker(
    subsystems.map((s) => {
      const feed = pack.manifest.feeds[s.source];
      return {
        source: s.source,
        expectedIntervalMs: feed?.expectedIntervalMs ?? 60_000,
        // A source following the city's rhythm (the hotline) is expected to be quieter at night, not stale.
        ...(feed?.followsRhythm && rhythm
          ? { activityAt: hourlyActivity(rhythm.hourly, pack.manifest.timezone) }
          : {}),
      };
    }),
    pack.manifest.staleFactor,
  );
  // Reports of one incident from several systems are linked as they are stored; the index of recent open reports
  // is rebuilt from the store, so links keep being made across a restart.
  const correlator = new Correlator(pack.codeTables.correlation, {
    lon: pack.manifest.center[0],
    lat: pack.manifest.center[1],
  });
  correlator.rebuild(
    await events.openSince(toUtcInstant(Date.now() - correlator.horizon), correlator.categories),
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
    correlator,
  });

  const cluster = await setupCluster({ config, db, hub, events, states: statesRepo, health, log });
  // Every node's commits, so a node's index also holds what the others stored.
  followEvents(correlator, cluster.changes);
  configureSendLog(config.SIM_SEND_LOG);

  const simulators = new SimulatorControl();
  const fastify = Fastify({
    loggerInstance: log.child({ c: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Behind the load balancer: the client's address and scheme from X-Forwarded-* (docs/DEPLOY.md).
    trustProxy: config.TRUST_PROXY ?? false,
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
  const media = setupMedia({
    config,
    timezone: pack.info.timezone,
    db,
    hub,
    states: statesRepo,
    signer: security.signer,
    auth: security.auth,
    log,
  });
  const duty = setupDutyConsole({
    config,
    db,
    pack,
    rules,
    events,
    hub,
    changes: cluster.changes,
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
      await api.register(readRoutes, {
        events,
        deadLetters,
        health: cluster.feedHealth,
        city: pack.info,
        server,
      });
      await api.register(statsRoutes, { stats: new EventStatsRepo(db.kysely), now });
      await api.register(intakeRoutes, {
        subsystems,
        pipeline,
        states,
        bodyLimit: config.INTAKE_BODY_LIMIT,
      });
      await api.register(mapRoutes, { pack });
      await api.register(deadLetterRoutes, { subsystems, pipeline, deadLetters, states });
      await api.register(simulatorRoutes, { control: simulators });
      for (const s of subsystems) if (s.routes) await api.register(s.routes({ pack, states }));
      await duty.routes(api);
      await media.routes(api);
      await tours.routes(api);
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
    ...cluster.ioOptions,
  });
  const health$ = healthFeed(cluster.feedHealth, hub);
  const feeds = {
    events: eventsFeed(events, db.storeId),
    health: health$,
    traffic: stateFeed('traffic', statesRepo, db.storeId),
    cameras: stateFeed('cameras', statesRepo, db.storeId),
    sensors: stateFeed('sensors', statesRepo, db.storeId),
    workers: stateFeed('workers', statesRepo, db.storeId),
    warnings: stateFeed('warnings', statesRepo, db.storeId),
  };
  const gateway = new LiveGateway(io, feeds, cluster.changes, {
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
    media,
    simulators,
    cluster,
    async listen() {
      await fastify.listen({ host: config.HOST, port: config.PORT });
      const addr = fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      baseUrl = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
      for (const s of subsystems) {
        if (s.createConnector) runnables.push(s.createConnector(ctx));
        if (config.SIMULATORS && s.createSimulator) {
          // Started and stopped through the control, so an admin can stop one at run time (and start it again).
          simulators.register(s.source, s.createSimulator(ctx));
          const source = s.source;
          runnables.push({
            start: async () => void (await simulators.start(source)),
            stop: async () => void (await simulators.stop(source)),
          });
        }
        if (s.intake.kind === 'webhook') health.setConnected(s.source, true);
      }
      runnables.push(...duty.runnables(ctx));
      await cluster.run(runnables);
      return baseUrl;
    },
    async close(progress = (step: string) => log.debug({ step }, 'shutdown step')) {
      progress('stopping sources (simulators and connectors)');
      await cluster.stopRunnables();
      progress('closing the live gateway');
      gateway.close();
      stopLiveAuth();
      stopPresence();
      health$.stop();
      // This node's sockets only: with the Redis adapter, io.disconnectSockets() would reach every node's clients.
      io.local.disconnectSockets(true);
      // From here a new request is refused with SHUTTING_DOWN; requests already in a handler finish first.
      progress('stopping video streams');
      await media.close();
      closing = true;
      progress('draining HTTP requests');
      await fastify.close();
      progress('flushing the ingest pipeline');
      await pipeline.close();
      progress('stopping the duty console sweeps');
      await duty.close();
      progress('leaving the cluster');
      await cluster.close();
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
