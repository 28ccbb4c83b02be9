import type { Kysely, Selectable } from 'kysely';
import { DeadLetter } from '../../src/contract/rest';
import type { DeadLetterQuery } from '../../src/contract/rest';
import type { ErrorCode } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { Database, DeadLettersTable } from './schema';
import { withoutNul } from './text';

export interface NewDeadLetter {
  source: SourceId;
  code: ErrorCode;
  message: string;
  raw: string;
  receivedAt: string;
}

/** Quarantined records with their raw payload: nothing rejected is lost, and each can be replayed. */
export class DeadLettersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(items: readonly NewDeadLetter[]): Promise<void> {
    if (items.length === 0) return;
    await this.db
      .insertInto('dead_letters')
      .values(
        items.map((d) => ({
          source: d.source,
          code: d.code,
          // Garbage may hold NUL, which PostgreSQL text refuses: replaced alike on both stores (store/text.ts).
          message: withoutNul(d.message),
          raw: withoutNul(d.raw),
          received_at: d.receivedAt,
          replayed_at: null,
        })),
      )
      .execute();
  }

  async get(id: number): Promise<DeadLetter | null> {
    const row = await this.db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToDeadLetter(row) : null;
  }

  /** Records a replay's outcome on the letter (it stays listed: the store keeps what was received). */
  async markReplayed(
    id: number,
    at: string,
    replay: NonNullable<DeadLetter['replay']>,
  ): Promise<DeadLetter | null> {
    await this.db
      .updateTable('dead_letters')
      .set({
        replayed_at: at,
        replay_outcome: replay.outcome,
        replay_result: JSON.stringify({ ids: replay.ids, reason: replay.reason }),
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async list(q: DeadLetterQuery): Promise<{ items: DeadLetter[]; total: number }> {
    let base = this.db.selectFrom('dead_letters');
    if (q.source) base = base.where('source', '=', q.source);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(rowToDeadLetter), total: Number(count.n) };
  }
}

function rowToDeadLetter(r: Selectable<DeadLettersTable>): DeadLetter {
  return DeadLetter.parse({
    id: Number(r.id),
    source: r.source,
    code: r.code,
    message: r.message,
    raw: r.raw,
    receivedAt: r.received_at,
    replayedAt: r.replayed_at,
    replay:
      r.replay_outcome && r.replay_result
        ? { outcome: r.replay_outcome, ...(JSON.parse(r.replay_result) as object) }
        : null,
  });
}
