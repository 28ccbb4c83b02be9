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
}

export interface DeadLettersTable {
  id: Generated<number>;
  source: string;
  code: string;
  message: string;
  raw: string;
  received_at: string;
  replayed_at: string | null;
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

export interface Database {
  entity_states: EntityStatesTable;
  meta: MetaTable;
  events: EventsTable;
  dead_letters: DeadLettersTable;
  sequences: SequencesTable;
}
