import type { FastifyInstance } from 'fastify';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import type { IngestPipeline, IngestRecord } from '../../pipeline/ingest';
import type { FeedHealthTracker } from '../../pipeline/feed-health';
import type { Subsystem } from '../../subsystems/types';

/**
 * `POST /api/intake/<source>` for every webhook subsystem. The body is read as text so that even
 * undecodable JSON reaches the dead-letter store verbatim; the answer comes after the record is durable.
 */
export async function intakeRoutes(
  app: FastifyInstance,
  opts: { subsystems: readonly Subsystem[]; pipeline: IngestPipeline; health: FeedHealthTracker; bodyLimit: number },
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, text, done) => done(null, text));

  for (const sub of opts.subsystems) {
    if (sub.intake.kind !== 'webhook') continue;
    const accepted = sub.intake.contentTypes;
    app.post(`/intake/${sub.source}`, { bodyLimit: opts.bodyLimit }, async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const raw = typeof req.body === 'string' ? req.body : '';
      if (!accepted.includes(type)) {
        opts.health.error(sub.source, `unsupported content type "${type}"`);
        return reply.status(415).send({
          error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `expected ${accepted.join(' or ')}, got "${type || 'none'}"` },
        });
      }
      const [result] = await opts.pipeline.submit(sub.source, decodeJson(raw));
      if (!result) return reply.status(200).send({ outcome: 'accepted', id: null });
      if (result.outcome === 'quarantined' && result.reason) {
        return reply.status(ERROR_CATALOGUE[result.reason.code].status).send({
          outcome: 'quarantined',
          id: null,
          error: result.reason,
        });
      }
      return reply.status(200).send({ outcome: result.outcome, id: result.id });
    });
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
