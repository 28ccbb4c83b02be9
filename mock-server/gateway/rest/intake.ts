import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import type { IngestPipeline, IngestRecord } from '../../pipeline/ingest';
import type { Subsystem } from '../../subsystems/types';

/**
 * `POST /api/intake/<source>` for every webhook subsystem. The body is read as text so that even
 * undecodable JSON reaches the dead-letter store verbatim; the answer comes after the record is durable.
 */
export async function intakeRoutes(
  app: FastifyInstance,
  opts: { subsystems: readonly Subsystem[]; pipeline: IngestPipeline; bodyLimit: number },
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, text, done) =>
    done(null, text),
  );

  for (const sub of opts.subsystems) {
    if (sub.intake.kind !== 'webhook') continue;
    const accepted = sub.intake.contentTypes;
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
        bodyLimit: opts.bodyLimit,
        // Only the body limit is handled here; anything else goes on to the catalogue error handler.
        errorHandler: async (err: FastifyError, req, reply) => {
          if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
          const size = req.headers['content-length'] ?? 'unknown';
          // The body is not read past the limit (that is the limit's point), so there is no raw payload to keep.
          const message = `body of ${size} bytes exceeds the ${opts.bodyLimit}-byte intake limit`;
          return answer(reply, {
            payload: undefined,
            raw: '',
            refusal: { code: 'PAYLOAD_TOO_LARGE', message },
          });
        },
      },
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const raw = typeof req.body === 'string' ? req.body : '';
        if (!accepted.includes(type)) {
          const message = `expected ${accepted.join(' or ')}, got "${type || 'none'}"`;
          return answer(reply, {
            payload: undefined,
            raw,
            refusal: { code: 'UNSUPPORTED_MEDIA_TYPE', message },
          });
        }
        return answer(reply, decodeJson(raw));
      },
    );
  }
}

/** Undecodable text still goes to the pipeline, which quarantines it with the raw payload. */
function decodeJson(raw: string): IngestRecord {
  try {
    return { payload: JSON.parse(raw) as unknown, raw };
  } catch (err) {
    return { payload: undefined, raw, decodeError: `invalid JSON: ${(err as Error).message}` };
  }
}
