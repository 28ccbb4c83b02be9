import { z } from 'zod';
import { AlarmAckRequest } from '../../../src/contract/alarms';
import {
  AuditPage,
  AuditQuery,
  AuditVerifyResult,
  DeviceCreate,
  DeviceCreated,
  DeviceLoginRequest,
  DeviceSummary,
  LoginRequest,
  Me,
  SessionState,
  SessionSummary,
  UserCreate,
  UserSummary,
  UserUpdate,
  VideoUrl,
} from '../../../src/contract/auth';
import {
  BatchActionRequest,
  BatchActionResult,
  ConsoleConfig,
  EventActionRequest,
  EventActionResult,
  EventDetail,
  PublishedWarning,
  PublishedWarningList,
  QueueCounts,
  QueuePage,
  QueueQuery,
  SavedView,
  SavedViewInput,
  VersionConflict,
  WarningCancelRequest,
  WarningDraft,
  WarningPreview,
} from '../../../src/contract/console';
import { Warning } from '../../../src/contract/entities';
import { Event } from '../../../src/contract/event';
import { FeedHealth } from '../../../src/contract/feed-health';
import { GridCellCollection, RoadCollection } from '../../../src/contract/map-data';
import {
  CityInfo,
  DeadLetterPage,
  DeadLetterQuery,
  DeadLetterReplay,
  EventPage,
  EventQuery,
  IntakeBatchResponse,
  IntakeResponse,
  ServerInfo,
  SimulatorStatus,
} from '../../../src/contract/rest';
import { EventsHourly, EventsHourlyQuery } from '../../../src/contract/stats';
import {
  ResolvedTarget,
  TourRecord,
  TourSave,
  TourSummary,
  TourTargetQuery,
} from '../../../src/contract/tour';
import { DistrictTrafficResponse } from '../../../src/contract/traffic';

/** What the OpenAPI document says about one route, beyond what the route table knows (method, path, access). */
export interface RouteDoc {
  summary: string;
  tag: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The 2xx body (JSON unless `produces` says otherwise). */
  response?: z.ZodType;
  /** Media types of the 2xx body when not JSON. */
  produces?: string[];
  /** Extra documented answers besides the catalogue errors every route has. */
  conflict?: z.ZodType;
}

const ok = z.object({ ok: z.literal(true) });

/**
 * One line per REST route (`METHOD /url` as Fastify registers it). The document is generated from the live route
 * table (openapi.ts), so no route can be missing from it; this registry adds summaries and contract schemas, and
 * `openapi.test.ts` fails for a route without a line here — adding a route means describing it.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  // --- accounts and sessions ---
  'GET /api/auth/session': { tag: 'auth', summary: 'Who is signed in, if anyone', response: SessionState },
  'POST /api/auth/login': {
    tag: 'auth',
    summary: 'Sign in (sets the session cookie)',
    body: LoginRequest,
    response: Me,
  },
  'POST /api/auth/device': {
    tag: 'auth',
    summary: 'A wall display trades its token for a session',
    body: DeviceLoginRequest,
    response: Me,
  },
  'POST /api/auth/logout': { tag: 'auth', summary: 'Sign out', response: ok },
  'GET /api/admin/users': { tag: 'admin', summary: 'Accounts', response: z.array(UserSummary) },
  'POST /api/admin/users': {
    tag: 'admin',
    summary: 'Create an account',
    body: UserCreate,
    response: UserSummary,
  },
  'PATCH /api/admin/users/:id': {
    tag: 'admin',
    summary: 'Change an account',
    body: UserUpdate,
    response: UserSummary,
  },
  'POST /api/admin/users/:id/revoke-sessions': { tag: 'admin', summary: 'End every session of an account' },
  'GET /api/admin/sessions': { tag: 'admin', summary: 'Open sessions', response: z.array(SessionSummary) },
  'DELETE /api/admin/sessions/:id': { tag: 'admin', summary: 'End a session' },
  'GET /api/admin/devices': { tag: 'admin', summary: 'Wall displays', response: z.array(DeviceSummary) },
  'POST /api/admin/devices': {
    tag: 'admin',
    summary: 'Register a wall display (its token is shown once)',
    body: DeviceCreate,
    response: DeviceCreated,
  },
  'POST /api/admin/devices/:id/revoke': { tag: 'admin', summary: 'Revoke a wall display' },
  'GET /api/audit': { tag: 'audit', summary: 'Search the audit log', query: AuditQuery, response: AuditPage },
  'GET /api/audit/verify': {
    tag: 'audit',
    summary: 'Verify the audit log’s hash chain',
    response: AuditVerifyResult,
  },
  'POST /api/video/:cameraId/url': {
    tag: 'video',
    summary: 'A stream URL signed for the caller’s session',
    response: VideoUrl,
  },

  // --- events, feeds, the city ---
  'GET /api/events': {
    tag: 'events',
    summary: 'Events (district-scoped, masked per role)',
    query: EventQuery,
    response: EventPage,
  },
  'GET /api/events/:id': { tag: 'events', summary: 'One event', response: Event },
  'GET /api/events/export': {
    tag: 'events',
    summary: 'Events as CSV (audited)',
    query: EventQuery,
    produces: ['text/csv'],
  },
  'GET /api/stats/events-hourly': {
    tag: 'events',
    summary: 'Events reported and closed per hour',
    query: EventsHourlyQuery,
    response: EventsHourly,
  },
  'GET /api/feeds': { tag: 'feeds', summary: 'Health of every source feed', response: z.array(FeedHealth) },
  'GET /api/dead-letters': {
    tag: 'feeds',
    summary: 'Quarantined records with their reason and raw payload',
    query: DeadLetterQuery,
    response: DeadLetterPage,
  },
  'GET /api/city': {
    tag: 'city',
    summary: 'The city pack’s public facts (centre, divisions)',
    response: CityInfo,
  },
  'GET /api/server': { tag: 'city', summary: 'The served build', response: ServerInfo },
  'GET /api/roads': { tag: 'map', summary: 'Road network geometry (GeoJSON)', response: RoadCollection },
  'GET /api/grid-cells': { tag: 'map', summary: 'Unit-grid cells (GeoJSON)', response: GridCellCollection },
  'GET /api/traffic/districts': {
    tag: 'map',
    summary: 'Congestion index per district',
    response: DistrictTrafficResponse,
  },

  // --- intake (each source with its own API key) ---
  'POST /api/intake/hotline': {
    tag: 'intake',
    summary: '12345 work order webhook (JSON, Chinese keys, GCJ-02)',
    response: IntakeResponse,
  },
  'POST /api/intake/traffic': {
    tag: 'intake',
    summary: 'Traffic police minute batch',
    response: IntakeBatchResponse,
  },
  'POST /api/intake/video': {
    tag: 'intake',
    summary: 'Video platform status and AI alarm push',
    response: IntakeResponse,
  },
  'POST /api/intake/warnings': {
    tag: 'intake',
    summary: 'CAP 1.2/1.1 alert (XML)',
    response: IntakeResponse,
  },

  // --- the duty console ---
  'GET /api/console/queue': {
    tag: 'console',
    summary: 'The queue: filters, Chinese full text, sort, capped total',
    query: QueueQuery,
    response: QueuePage,
  },
  'GET /api/console/counts': {
    tag: 'console',
    summary: 'Open events per status, overdue, escalated',
    response: QueueCounts,
  },
  'GET /api/console/events/:id': {
    tag: 'console',
    summary: 'Event detail: timeline, related, cameras, SLA clocks, suggestion',
    response: EventDetail,
  },
  'GET /api/console/config': {
    tag: 'console',
    summary: 'Departments, plans and the escalation ladder',
    response: ConsoleConfig,
  },
  'GET /api/console/views': {
    tag: 'console',
    summary: 'The caller’s saved queue views',
    response: z.array(SavedView),
  },
  'POST /api/console/views': {
    tag: 'console',
    summary: 'Save (or replace by name) a queue view',
    body: SavedViewInput,
    response: SavedView,
  },
  'DELETE /api/console/views/:id': {
    tag: 'console',
    summary: 'Delete one of the caller’s views',
    response: ok.extend({ deleted: z.boolean() }),
  },
  'POST /api/events/:id/actions': {
    tag: 'lifecycle',
    summary: 'A lifecycle action with the version the officer saw (409 with the current event when stale)',
    body: EventActionRequest,
    response: EventActionResult,
    conflict: VersionConflict,
  },
  'POST /api/events/actions/batch': {
    tag: 'lifecycle',
    summary: 'One action on many events, each on its own',
    body: BatchActionRequest,
    response: BatchActionResult,
  },
  'POST /api/events/:id/acknowledge': {
    tag: 'lifecycle',
    summary: 'Acknowledge an event’s alarm (the wall banner)',
    body: AlarmAckRequest,
    response: Event,
  },
  'POST /api/warnings/:id/acknowledge': {
    tag: 'lifecycle',
    summary: 'Acknowledge a warning’s alarm',
    body: AlarmAckRequest,
    response: Warning,
  },

  // --- warning publishing and the CAP feed ---
  'POST /api/warnings/preview': {
    tag: 'warnings',
    summary: 'The CAP 1.2 message a draft would be, validated',
    body: WarningDraft,
    response: WarningPreview,
  },
  'POST /api/warnings': {
    tag: 'warnings',
    summary: 'Publish a warning (CAP Alert)',
    body: WarningDraft,
    response: PublishedWarning,
  },
  'POST /api/warnings/:id/update': {
    tag: 'warnings',
    summary: 'Publish a CAP Update of a warning',
    body: WarningDraft,
    response: PublishedWarning,
  },
  'POST /api/warnings/:id/cancel': {
    tag: 'warnings',
    summary: 'Publish a CAP Cancel of a warning',
    body: WarningCancelRequest,
    response: PublishedWarning,
  },
  'GET /api/warnings/published': {
    tag: 'warnings',
    summary: 'Messages the console published',
    response: PublishedWarningList,
  },
  'GET /api/cap/feed': {
    tag: 'cap',
    summary: 'Atom index of published CAP messages (public)',
    produces: ['application/atom+xml'],
  },
  'GET /api/cap/feed.json': {
    tag: 'cap',
    summary: 'JSON index of published CAP messages (public)',
    response: PublishedWarningList,
  },
  'GET /api/cap/alerts/:file': {
    tag: 'cap',
    summary: 'One CAP message as published: <identifier>.xml (public)',
    produces: ['application/cap+xml'],
  },

  // --- Open311 GeoReport v2 ---
  'GET /api/open311/v2/services.json': { tag: 'open311', summary: 'GeoReport v2 service list (JSON)' },
  'GET /api/open311/v2/services.xml': {
    tag: 'open311',
    summary: 'GeoReport v2 service list (XML)',
    produces: ['text/xml'],
  },
  'GET /api/open311/v2/requests.json': { tag: 'open311', summary: 'GeoReport v2 service requests (JSON)' },
  'GET /api/open311/v2/requests.xml': {
    tag: 'open311',
    summary: 'GeoReport v2 service requests (XML)',
    produces: ['text/xml'],
  },
  'POST /api/open311/v2/requests.json': {
    tag: 'open311',
    summary: 'Submit a service request with api_key (form or JSON; JSON answer)',
  },
  'POST /api/open311/v2/requests.xml': {
    tag: 'open311',
    summary: 'Submit a service request with api_key (XML answer)',
    produces: ['text/xml'],
  },
  'GET /api/open311/v2/requests/:file': {
    tag: 'open311',
    summary: 'One service request: <id>.json or <id>.xml',
  },

  // --- other modules' routes (summaries; their owners add schemas) ---
  'GET /api/simulators': {
    tag: 'simulators',
    summary: 'The demo’s simulators and whether each runs',
    response: z.array(SimulatorStatus),
  },
  'POST /api/simulators/:source/start': {
    tag: 'simulators',
    summary: 'Start a source’s simulator (audited)',
    response: SimulatorStatus,
  },
  'POST /api/simulators/:source/stop': {
    tag: 'simulators',
    summary: 'Stop a source’s simulator (audited)',
    response: SimulatorStatus,
  },
  'POST /api/dead-letters/:id/replay': {
    tag: 'feeds',
    summary: 'Re-submit a quarantined record after a fix (idempotent once it succeeded)',
    response: DeadLetterReplay,
  },
  'GET /api/video/:cameraId/stream': {
    tag: 'video',
    summary: 'A camera’s live video (HTTP-FLV), with the signed URL’s exp and sig',
    produces: ['video/x-flv'],
  },
  'GET /api/video/layouts': { tag: 'video', summary: 'The caller’s saved video-wall layouts' },
  'POST /api/video/layouts': { tag: 'video', summary: 'Save a video-wall layout' },
  'DELETE /api/video/layouts/:id': { tag: 'video', summary: 'Delete one of the caller’s layouts' },

  // --- leader tours (issue 9) ---
  'GET /api/tours': {
    tag: 'tours',
    summary: 'Tours: the city pack’s, or as last saved',
    response: z.array(TourSummary),
  },
  'GET /api/tours/:id': {
    tag: 'tours',
    summary: 'One tour with its version and origin',
    response: TourRecord,
  },
  'PUT /api/tours/:id': {
    tag: 'tours',
    summary: 'Save a tour (checked per scene and field; the version edited must be current)',
    body: TourSave,
    response: TourRecord,
  },
  'DELETE /api/tours/:id': {
    tag: 'tours',
    summary: 'Drop the saved tour: the city pack’s file is the tour again',
  },
  'GET /api/tour-target': {
    tag: 'tours',
    summary: 'A scene’s target resolved now (live references: most severe event, most congested district …)',
    query: TourTargetQuery,
    response: ResolvedTarget,
  },

  'GET /api/openapi.json': { tag: 'meta', summary: 'This document' },
};
