import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CodedError } from '../../../src/contract/errors';
import type { DeadLetter, DeadLetterReplay } from '../../../src/contract/rest';
import { toUtcInstant } from '../../../src/contract/time';
import { recordAudit } from '../../auth/audit';
import {
  recordOutcome,
  type IngestPipeline,
  type IngestRecord,
  type IngestResult,
} from '../../pipeline/ingest';
import type { StateWriter } from '../../pipeline/state-writer';
import type { DeadLettersRepo } from '../../store/dead-letters-repo';
import type { Subsystem } from '../../subsystems/types';
import { decodeJson } from './intake';

const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
/** Outcomes after which a letter is done: replaying it again submits nothing. */
const DONE = new Set(['accepted', 'updated', 'duplicate', 'stale']);

/**
 * `POST /api/dead-letters/:id/replay`: an operator re-submits a quarantined record after a fix (a code added to the
 * city pack's table, an adapter release). Its stored raw text goes through the same decoding as when it arrived
 * (the webhook's decode and prepare, or the connector's) and through the pipeline; the letter keeps its place in the
 * store with the replay's outcome. A letter already replayed successfully is not submitted again (idempotent); one
 * quarantined again may be replayed after the next fix.
 */
export async function deadLetterRoutes(
  app: FastifyInstance,
  opts: {
    subsystems: readonly Subsystem[];
    pipeline: IngestPipeline;
    deadLetters: DeadLettersRepo;
    states: Pick<StateWriter, 'get'>;
  },
): Promise<void> {
  // One replay of a letter at a time: a double click must not submit it twice.
  const running = new Map<number, Promise<DeadLetterReplay>>();

  const replay = async (id: number): Promise<DeadLetterReplay> => {
    const letter = await opts.deadLetters.get(id);
    if (!letter) throw new CodedError('NOT_FOUND', `no dead letter ${id}`);
    if (letter.replay && DONE.has(letter.replay.outcome))
      return { deadLetter: letter, alreadyReplayed: true };
    const sub = opts.subsystems.find((s) => s.source === letter.source);
    if (!sub) throw new CodedError('NOT_FOUND', `no subsystem ${letter.source} to replay into`);
    if (letter.code === 'PAYLOAD_TOO_LARGE' || letter.raw === '')
      throw new CodedError('NOT_REPLAYABLE', `dead letter ${id} kept no payload (${letter.code})`);
    const results = await submit(sub, letter);
    const flat = results.flat();
    const quarantined = flat.find((r) => r.outcome === 'quarantined');
    const outcome =
      results.length === 1 ? recordOutcome(results[0]!) : quarantined ? 'quarantined' : 'accepted';
    const updated = await opts.deadLetters.markReplayed(id, toUtcInstant(Date.now()), {
      outcome,
      ids: [...new Set(flat.flatMap((r) => (r.id ? [r.id] : [])))],
      reason: quarantined?.reason
        ? { code: quarantined.reason.code, message: quarantined.reason.message }
        : null,
    });
    return { deadLetter: updated!, alreadyReplayed: false };
  };

  /** The letter's raw text → record(s), decoded and prepared as on arrival, submitted as a replay. */
  const submit = async (sub: Subsystem, letter: DeadLetter): Promise<IngestResult[][]> => {
    const webhook = sub.intake.kind === 'webhook' ? sub.intake : null;
    const decode =
      sub.replay?.decode ?? ((raw: string) => (webhook?.decode ?? decodeJson)(Buffer.from(raw, 'utf8')));
    const prepare = sub.replay?.prepare ?? webhook?.prepare;
    const record = decode(letter.raw, letter.code);
    // A whole batch that was refused (e.g. cut off mid-body) and now decodes is split as on arrival.
    const items = webhook?.split && record.decodeError === undefined ? webhook.split(record.payload) : null;
    const records: IngestRecord[] = items
      ? items.map((payload) => ({ payload, raw: JSON.stringify(payload) ?? '' }))
      : [
          prepare && record.decodeError === undefined
            ? await prepare(record, { states: opts.states })
            : record,
        ];
    return Promise.all(records.map((r) => opts.pipeline.submit(sub.source, r, { replay: true })));
  };

  app.post(
    '/dead-letters/:id/replay',
    { config: { access: { permission: 'dead-letters:replay' } }, bodyLimit: 1024 },
    async (req) => {
      const { id } = IdParam.parse(req.params);
      let run = running.get(id);
      const initiated = !run;
      if (!run) {
        run = replay(id).finally(() => running.delete(id));
        running.set(id, run);
      }
      const result = await run;
      if (initiated && !result.alreadyReplayed) {
        await recordAudit(req, 'dead-letter.replay', String(id), {
          source: result.deadLetter.source,
          outcome: result.deadLetter.replay?.outcome ?? null,
        });
      }
      return result;
    },
  );
}
