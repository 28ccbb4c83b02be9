import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import type { IntakeBatchResponse } from '../../../src/contract/rest';
import { recordOutcome, type IngestPipeline, type IngestRecord } from '../../pipeline/ingest';
import type { StateWriter } from '../../pipeline/state-writer';
import type { Subsystem } from '../../subsystems/types';

/**
 * `POST /api/intake/<source>` for every webhook subsystem. The body is read as bytes and decoded by the
 * subsystem (default UTF-8 JSON; XML declares its own encoding), so even undecodable payloads reach the
 * dead-letter store verbatim; the answer comes after the record is durable.
 */
export async function intakeRoutes(
  app: FastifyInstance,
  opts: {
    subsystems: readonly Subsystem[];
    pipeline: IngestPipeline;
    bodyLimit: number;
    /** Stored entity states, for subsystems whose `prepare` looks up what a record refers to. */
    states?: Pick<StateWriter, 'get'>;
  },
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_req, bytes, done) =>
    done(null, bytes),
  );

  for (const sub of opts.subsystems) {
    if (sub.intake.kind !== 'webhook') continue;
    const { contentTypes: accepted, decode = decodeJson, prepare, split } = sub.intake;
    const bodyLimit = sub.intake.bodyLimit ?? opts.bodyLimit;
    // A refused record (wrong content type, body over the limit) is still a record the source sent:
    // it goes through the pipeline's quarantine, so it is counted in the feed and listed as a dead letter.
    const answer = async (reply: FastifyReply, record: IngestRecord) => {
      const [result] = await opts.pipeline.submit(sub.source, record);
      if (!result) return reply.status(200).send({ outcome: 'accepted', id: null });
      if (result.outcome === 'quarantined' && result.reason) {
        return reply.status(ERROR_CATALOGUE[result.reason.code].status).send({
          outcome: 'quarantined',
          id: null,
          error: result.reason,
        });
      }
      return reply.status(200).send({ outcome: result.outcome, id: result.id });
    };
    app.post(
      `/intake/${sub.source}`,
      {
        bodyLimit,
        // Subsystems authenticate with their own API key (X-Intake-Key), checked before the body is read.
        config: { access: { intake: sub.source } },
        // Only the body limit is handled here; anything else goes on to the catalogue error handler.
        errorHandler: async (err: FastifyError, req, reply) => {
          if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
          const size = req.headers['content-length'] ?? 'unknown';
          // The body is not read past the limit (that is the limit's point), so there is no raw payload to keep.
          const message = `body of ${size} bytes exceeds the ${bodyLimit}-byte intake limit`;
          return answer(reply, {
            payload: undefined,
            raw: '',
            refusal: { code: 'PAYLOAD_TOO_LARGE', message },
          });
        },
      },
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!accepted.includes(type)) {
          const raw = bytes.toString('utf8');
          const message = `expected ${accepted.join(' or ')}, got "${type || 'none'}"`;
          return answer(reply, {
            payload: undefined,
            raw,
            refusal: { code: 'UNSUPPORTED_MEDIA_TYPE', message },
          });
        }
        const record = decode(bytes);
        const items = split && record.decodeError === undefined ? split(record.payload) : null;
        if (items) return answerBatch(reply, opts.pipeline, sub.source, items);
        const { states } = opts;
        const ready = prepare && states && record.decodeError === undefined;
        return answer(reply, ready ? await prepare(record, { states }) : record);
      },
    );
  }
}

/**
 * A batch push: every item is a record of its own (adapted, stored, counted, quarantined alone), kept as its
 * own JSON so a dead-lettered item can be replayed. Answered once all are durable, with the outcome counts.
 */
async function answerBatch(
  reply: FastifyReply,
  pipeline: IngestPipeline,
  source: Subsystem['source'],
  items: readonly unknown[],
): Promise<FastifyReply> {
  const results = await pipeline.submitMany(
    source,
    items.map((payload) => ({ payload, raw: JSON.stringify(payload) ?? '' })),
  );
  const outcomes: IntakeBatchResponse['outcomes'] = {
    accepted: 0,
    updated: 0,
    duplicate: 0,
    stale: 0,
    quarantined: 0,
  };
  for (const r of results) outcomes[recordOutcome(r)] += 1;
  return reply.status(200).send({ received: items.length, outcomes } satisfies IntakeBatchResponse);
}

/** Undecodable text still goes to the pipeline, which quarantines it with the raw payload. */
export function decodeJson(bytes: Buffer): IngestRecord {
  const raw = bytes.toString('utf8');
  try {
    return { payload: JSON.parse(raw) as unknown, raw };
  } catch (err) {
    return { payload: undefined, raw, decodeError: `invalid JSON: ${(err as Error).message}` };
  }
}
