import type { Kysely, Selectable } from 'kysely';
import { EventAction, type EventActionKind } from '../../src/contract/console';
import type { EventStatus } from '../../src/contract/event';
import type { Database, EventActionsTable } from './schema';

export interface EventActionDraft {
  eventId: string;
  action: EventActionKind;
  actor: string;
  actorName: string | null;
  actorRole: string | null;
  at: string;
  note: string | null;
  fromStatus: EventStatus;
  toStatus: EventStatus;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  details: Record<string, unknown>;
  version: number;
}

/** Lifecycle actions on events: the timeline, written in the action's own transaction. */
export class EventActionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(d: EventActionDraft): Promise<EventAction> {
    const row = {
      event_id: d.eventId,
      action: d.action,
      actor: d.actor.slice(0, 200),
      actor_name: d.actorName?.slice(0, 100) ?? null,
      actor_role: d.actorRole,
      at: d.at,
      note: d.note,
      from_status: d.fromStatus,
      to_status: d.toStatus,
      before: JSON.stringify(d.before),
      after: JSON.stringify(d.after),
      details: JSON.stringify(d.details),
      version: d.version,
    };
    const { id } = await this.db
      .insertInto('event_actions')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return toAction({ ...row, id: Number(id) });
  }

  /** An event's actions, oldest first. */
  async forEvent(eventId: string, limit = 500): Promise<EventAction[]> {
    const rows = await this.db
      .selectFrom('event_actions')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toAction);
  }

  /** The latest action of a kind on an event (e.g. the plan an event's command view shows). */
  async latest(eventId: string, action: EventActionKind): Promise<EventAction | null> {
    const row = await this.db
      .selectFrom('event_actions')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toAction(row) : null;
  }
}

/** Rows are parsed on the way out, like events. */
function toAction(r: Selectable<EventActionsTable>): EventAction {
  return EventAction.parse({
    id: Number(r.id),
    eventId: r.event_id,
    action: r.action,
    actor: r.actor,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    at: r.at,
    note: r.note,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    before: JSON.parse(r.before),
    after: JSON.parse(r.after),
    details: JSON.parse(r.details),
    version: r.version,
  });
}
