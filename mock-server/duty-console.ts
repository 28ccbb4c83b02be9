import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/contract/live';
import type { RouteAccess } from './auth/access';
import type { AuditLog } from './auth/audit';
import type { CityPack } from './city-packs/load';
import type { Config } from './config';
import { capFeedRoutes } from './gateway/rest/cap-feed-routes';
import { consoleRoutes } from './gateway/rest/console-routes';
import { eventActionRoutes } from './gateway/rest/event-action-routes';
import { open311Routes } from './gateway/rest/open311-routes';
import { openApiRoutes } from './gateway/rest/openapi';
import { warningRoutes } from './gateway/rest/warning-routes';
import { attachPresence } from './gateway/socket/presence';
import { CameraIndex } from './lifecycle/camera-index';
import type { DispatchRules } from './lifecycle/dispatch-rules';
import { EscalationSweeper } from './lifecycle/escalation';
import { createGridVerificationPoller } from './lifecycle/grid-verifications';
import { LifecycleService } from './lifecycle/lifecycle-service';
import { LifecycleWatchers } from './lifecycle/watchers';
import type { Hub } from './pipeline/hub';
import type { IngestPipeline } from './pipeline/ingest';
import type { StateWriter } from './pipeline/state-writer';
import { WarningPublisher } from './publishing/warning-publisher';
import { CapMessagesRepo } from './store/cap-messages-repo';
import { ConsoleQueueRepo } from './store/console-queue-repo';
import type { Db } from './store/db';
import { EventActionsRepo } from './store/event-actions-repo';
import type { EventsRepo } from './store/events-repo';
import { Open311Repo } from './store/open311-repo';
import { SavedViewsRepo } from './store/saved-views-repo';
import type { Runnable, SubsystemContext } from './subsystems/types';

/** The duty console's server side (issue 6), as the app composes it. */
export interface DutyConsole {
  service: LifecycleService;
  queue: ConsoleQueueRepo;
  sweeper: EscalationSweeper;
  watchers: LifecycleWatchers;
  publisher: WarningPublisher;
  /** Its REST routes, registered under /api. */
  routes(api: FastifyInstance): Promise<void>;
  /** What runs while the server listens: the escalation sweep, the grid verification poll. */
  runnables(ctx: SubsystemContext): Runnable[];
  /** Presence (`viewing` → `presence`) on the live socket; returns a stop function. */
  attachLive(io: Server<ClientToServerEvents, ServerToClientEvents>): () => void;
  close(): Promise<void>;
}

export function setupDutyConsole(deps: {
  config: Config;
  db: Db;
  pack: CityPack;
  rules: DispatchRules;
  events: EventsRepo;
  hub: Hub;
  /** Every node's stored changes in order (the cluster's change stream); read models follow it. Default: the hub. */
  changes?: Pick<Hub, 'subscribe'>;
  audit: AuditLog;
  pipeline: IngestPipeline;
  states: StateWriter;
  intakeKeys: ReadonlyMap<string, string>;
  now: () => number;
  log: Logger;
  /** Every route with its access rule (for the OpenAPI document). */
  routeTable: () => readonly RouteAccess[];
}): DutyConsole {
  const { db, hub, rules, now } = deps;
  const log = deps.log.child({ c: 'console' });
  const queue = new ConsoleQueueRepo(db.kysely, db.dialect);
  const actions = new EventActionsRepo(db.kysely);
  const service = new LifecycleService({
    db: db.kysely,
    dialect: db.dialect,
    rules,
    audit: deps.audit,
    hub,
    now,
    log,
  });
  const cameras = new CameraIndex(() => deps.states.all('cameras'), deps.changes ?? hub);
  const watchers = new LifecycleWatchers({ hub, service, queue, log });
  const sweeper = new EscalationSweeper(service, queue, log);
  const capRepo = new CapMessagesRepo(db.kysely);
  const publisher = new WarningPublisher({
    pack: deps.pack,
    sender: rules.config.warnings,
    pipeline: deps.pipeline,
    states: deps.states,
    repo: capRepo,
    now,
  });
  return {
    service,
    queue,
    sweeper,
    watchers,
    publisher,
    async routes(api) {
      await api.register(consoleRoutes, {
        service,
        events: deps.events,
        queue,
        actions,
        views: new SavedViewsRepo(db.kysely),
        cameras,
      });
      await api.register(eventActionRoutes, { service, states: deps.states });
      await api.register(warningRoutes, { publisher });
      await api.register(capFeedRoutes, {
        publisher,
        repo: capRepo,
        senderName: rules.config.warnings.senderName,
      });
      await api.register(open311Routes, {
        pack: deps.pack,
        rules,
        pipeline: deps.pipeline,
        events: deps.events,
        repo: new Open311Repo(db.kysely),
        apiKey: deps.intakeKeys.get('open311') ?? '',
        now,
      });
      await api.register(openApiRoutes, { routes: deps.routeTable, version: '0.1.0' });
    },
    runnables(ctx) {
      return [sweeper.runnable(deps.config.ESCALATION_SWEEP_MS), createGridVerificationPoller(ctx, service)];
    },
    attachLive(io) {
      return attachPresence(io, {
        districtOf: async (id) => {
          const e = await deps.events.get(id);
          return e ? e.district : undefined;
        },
        log,
      });
    },
    async close() {
      cameras.close();
      await watchers.close();
    },
  };
}
