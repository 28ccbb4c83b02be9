import type { Generated } from 'kysely';

/** Row shapes of the store. Instants are ISO-8601 UTC text in both dialects, so they sort and compare as text. */
export interface EventsTable {
  id: string;
  source: string;
  native_id: string;
  category: string;
  severity: string;
  status: string;
  lon: number;
  lat: number;
  district: string | null;
  street: string | null;
  grid: string | null;
  title: string;
  description: string;
  address: string;
  reported_at: string;
  updated_at: string;
  source_updated_at: string;
  sla_due_at: string | null;
  assignee: string | null;
  version: number;
  /** Global change sequence of the `events` topic at this row's last change: the live protocol resumes from it. */
  seq: number;
  /** relatedIds, cameraIds, reporter, attributes: read whole, never filtered on. */
  extra: string;
  /** Console-owned (migration 0020): the department handling the event, and its escalation rung. */
  department?: string | null;
  escalation_level?: number;
}

/** One lifecycle action on an event (the audited timeline); JSON columns are objects. */
export interface EventActionsTable {
  id: Generated<number>;
  event_id: string;
  action: string;
  actor: string;
  actor_name: string | null;
  actor_role: string | null;
  at: string;
  note: string | null;
  from_status: string;
  to_status: string;
  before: string;
  after: string;
  details: string;
  version: number;
}

export interface SavedViewsTable {
  id: string;
  owner_id: string;
  name: string;
  /** JSON object of queue query parameters. */
  query: string;
  created_at: string;
}

/** A CAP message the console published; the XML is served as is at /api/cap/alerts/:id.xml. */
export interface CapMessagesTable {
  id: string;
  identifier: string;
  sender: string;
  sent: string;
  msg_type: string;
  level: string;
  headline: string;
  expires: string | null;
  /** JSON array of the ids (sender,identifier) this message updates or cancels. */
  references_ids: string;
  superseded: number;
  published_by: string;
  xml: string;
}

export interface DeadLettersTable {
  id: Generated<number>;
  source: string;
  code: string;
  message: string;
  raw: string;
  received_at: string;
  replayed_at: string | null;
  /** IntakeOutcome of the latest replay (migration 0041). */
  replay_outcome?: string | null;
  /** JSON `{ ids, reason }` of the latest replay. */
  replay_result?: string | null;
}

export interface SequencesTable {
  topic: string;
  value: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface EntityStatesTable {
  topic: string;
  id: string;
  seq: number;
  updated_at: string;
  /** The entity as its contract schema's JSON. */
  data: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  /** JSON array of district codes; null = the whole city. */
  districts: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface DevicesTable {
  id: string;
  name: string;
  profile: string;
  districts: string | null;
  /** HMAC of the device token: the token itself is never stored. */
  token_hash: string;
  revoked_at: string | null;
  created_at: string;
  last_seen_at: string | null;
}

export interface SessionsTable {
  id: string;
  /** HMAC of the cookie's token: a copy of the database alone does not sign anyone in. */
  token_hash: string;
  principal_kind: string;
  principal_id: string;
  created_at: string;
  last_seen_at: string;
  /** Seconds of inactivity after which the session ends; null for wall devices (unattended by design). */
  idle_timeout_s: number | null;
  expires_at: string;
  revoked_at: string | null;
  address: string;
  user_agent: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  outcome: string;
  address: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Where a polling connector stands in its source (e.g. an `updatedSince` value), so a restart resumes there. */
export interface ConnectorCursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** A lease held by one node of a cluster (the leader lock); times are epoch ms by the store's clock. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
  term: number;
}

/** Each node's latest feed-health sample (JSON FeedHealth[]), merged into the cluster's picture. */
export interface NodeHealthTable {
  node_id: string;
  at: number;
  data: string;
}

/** A user's saved video-wall layout (migration 0080); `layout` is JSON of the contract's VideoLayoutInput. */
export interface VideoLayoutsTable {
  id: string;
  owner_id: string;
  name: string;
  layout: string;
  updated_at: string;
}

/** A tour saved from the editor (migration 0109); `tour` is JSON of the contract's Tour. */
export interface ToursTable {
  id: string;
  tour: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface Database {
  tours: ToursTable;
  video_layouts: VideoLayoutsTable;
  leases: LeasesTable;
  node_health: NodeHealthTable;
  event_actions: EventActionsTable;
  saved_views: SavedViewsTable;
  cap_messages: CapMessagesTable;
  connector_cursors: ConnectorCursorsTable;
  users: UsersTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  entity_states: EntityStatesTable;
  meta: MetaTable;
  events: EventsTable;
  dead_letters: DeadLettersTable;
  sequences: SequencesTable;
}
