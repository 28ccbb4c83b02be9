import type { Kysely, Selectable } from 'kysely';
import { DeadLetter } from '../../src/contract/rest';
import type { DeadLetterQuery } from '../../src/contract/rest';
import type { ErrorCode } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { Database, DeadLettersTable } from './schema';

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
          message: d.message,
          raw: d.raw,
          received_at: d.receivedAt,
          replayed_at: null,
        })),
      )
      .execute();
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
  });
}
