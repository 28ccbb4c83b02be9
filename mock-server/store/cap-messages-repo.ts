import type { Kysely, Selectable } from 'kysely';
import type { WarningLevel } from '../../src/contract/entities';
import type { Database, CapMessagesTable } from './schema';

export interface CapMessage {
  id: string;
  identifier: string;
  sender: string;
  sent: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  level: WarningLevel;
  headline: string;
  expires: string | null;
  references: string[];
  superseded: boolean;
  publishedBy: string;
  xml: string;
}

/** The CAP messages the console published, kept verbatim: the feed other systems poll serves them as is. */
export class CapMessagesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a message and marks the ones it references as superseded, in one transaction. */
  async add(m: Omit<CapMessage, 'superseded'>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cap_messages')
        .values({
          id: m.id,
          identifier: m.identifier,
          sender: m.sender,
          sent: m.sent,
          msg_type: m.msgType,
          level: m.level,
          headline: m.headline,
          expires: m.expires,
          references_ids: JSON.stringify(m.references),
          superseded: m.msgType === 'Cancel' ? 1 : 0,
          published_by: m.publishedBy,
          xml: m.xml,
        })
        .execute();
      if (m.references.length > 0)
        await trx
          .updateTable('cap_messages')
          .set({ superseded: 1 })
          .where('id', 'in', m.references)
          .execute();
    });
  }

  async get(id: string): Promise<CapMessage | null> {
    const row = await this.db.selectFrom('cap_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  async byIdentifier(identifier: string): Promise<CapMessage | null> {
    const row = await this.db
      .selectFrom('cap_messages')
      .selectAll()
      .where('identifier', '=', identifier)
      .executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  /** Newest first. */
  async recent(limit: number): Promise<CapMessage[]> {
    const rows = await this.db
      .selectFrom('cap_messages')
      .selectAll()
      .orderBy('sent', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }
}

function toMessage(r: Selectable<CapMessagesTable>): CapMessage {
  return {
    id: r.id,
    identifier: r.identifier,
    sender: r.sender,
    sent: r.sent,
    msgType: r.msg_type as CapMessage['msgType'],
    level: r.level as WarningLevel,
    headline: r.headline,
    expires: r.expires,
    references: JSON.parse(r.references_ids) as string[],
    superseded: r.superseded === 1,
    publishedBy: r.published_by,
    xml: r.xml,
  };
}
