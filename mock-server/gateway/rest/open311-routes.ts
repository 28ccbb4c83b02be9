import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, ZodError } from 'zod';
import { INTAKE_KEY_HEADER } from '../../../src/contract/auth';
import { CodedError, ERROR_CATALOGUE } from '../../../src/contract/errors';
import { eventId } from '../../../src/contract/event';
import { toUtcInstant } from '../../../src/contract/time';
import { safeEqual } from '../../auth/access';
import type { CityPack } from '../../city-packs/load';
import type { DispatchRules } from '../../lifecycle/dispatch-rules';
import { requestOf, servicesOf, toXml } from '../../open311/georeport';
import type { IngestPipeline } from '../../pipeline/ingest';
import type { EventsRepo } from '../../store/events-repo';
import type { Open311Repo } from '../../store/open311-repo';

type Format = 'json' | 'xml';
const MAX_RESULTS = 1000;
const DEFAULT_WINDOW_MS = 90 * 24 * 3_600_000;

const w3cTime = z
  .string()
  .regex(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/,
    'W3C date-time, e.g. 2026-11-24T08:00:00+08:00',
  )
  .transform((s) => toUtcInstant(Date.parse(s)));
const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(80)).max(100));
const RequestsQuery = z.object({
  jurisdiction_id: z.string().max(100).optional(),
  service_request_id: list.optional(),
  service_code: list.optional(),
  start_date: w3cTime.optional(),
  end_date: w3cTime.optional(),
  status: list.pipe(z.array(z.enum(['open', 'closed']))).optional(),
});
const FileParam = z.object({
  file: z.string().regex(/^[A-Za-z0-9-]{1,80}\.(json|xml)$/, '<service_request_id>.json|.xml'),
});

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over our events, in JSON and XML, so existing 311
 * clients can read and submit requests:
 *   GET  /api/open311/v2/services.(json|xml)         the services (the pack's Open311 table)
 *   GET  /api/open311/v2/requests.(json|xml)         requests, filtered as the spec says (90 days by default)
 *   GET  /api/open311/v2/requests/:id.(json|xml)     one request (an array of one, as the spec answers)
 *   POST /api/open311/v2/requests.(json|xml)         a new request (form-encoded or JSON), with `api_key`
 * Reading is public, as 311 reads are; only requests that came in through this API are published (12345
 * callers never agreed to publication), without the reporter and with phone numbers masked. Submitting needs
 * the API key of source `open311` (INTAKE_KEYS, like every source's key) and goes through the ingest pipeline
 * like any source: validated by the Open311 adapter, stored, on every console at once.
 * Errors answer in the spec's shape: `[{ code, description }]` / `<errors><error>…`, with our catalogue code.
 */
export async function open311Routes(
  app: FastifyInstance,
  opts: {
    pack: CityPack;
    rules: DispatchRules;
    pipeline: IngestPipeline;
    events: EventsRepo;
    repo: Open311Repo;
    apiKey: string;
    now: () => number;
  },
): Promise<void> {
  const table = opts.pack.codeTables.open311;
  const open = { access: { public: true } } as const;
  const department = (id: string) => opts.rules.department(id);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 32 * 1024 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  app.setErrorHandler((err: FastifyError | CodedError | ZodError, req, reply) => {
    const coded =
      err instanceof CodedError
        ? err
        : err instanceof ZodError
          ? new CodedError(
              'BAD_REQUEST',
              err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            )
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? new CodedError('PAYLOAD_TOO_LARGE', err.message)
            : err.statusCode !== undefined && err.statusCode < 500
              ? new CodedError('BAD_REQUEST', err.message)
              : null;
    if (!coded) {
      req.log.error({ err }, 'open311: unhandled error');
      return send(
        reply,
        formatOf(req),
        500,
        [{ code: 500, description: 'INTERNAL: internal error' }],
        'errors',
        'error',
      );
    }
    const status = ERROR_CATALOGUE[coded.code].status;
    return send(
      reply,
      formatOf(req),
      status,
      [{ code: status, description: `${coded.code}: ${coded.message}` }],
      'errors',
      'error',
    );
  });

  for (const format of ['json', 'xml'] as const) {
    app.get(`/open311/v2/services.${format}`, { config: open }, async (_req, reply) =>
      send(reply, format, 200, servicesOf(table), 'services', 'service'),
    );

    app.get(`/open311/v2/requests.${format}`, { config: open }, async (req, reply) => {
      const q = RequestsQuery.parse(req.query);
      checkJurisdiction(q.jurisdiction_id, table.jurisdictionId);
      const end = q.end_date ?? toUtcInstant(opts.now());
      const start = q.start_date ?? toUtcInstant(Date.parse(end) - DEFAULT_WINDOW_MS);
      const status = q.status?.length === 1 ? q.status[0] : undefined;
      const events = await opts.repo.list({
        ids: q.service_request_id,
        serviceCodes: q.service_code,
        status,
        start,
        end,
        limit: MAX_RESULTS,
      });
      return send(
        reply,
        format,
        200,
        events.map((e) => requestOf(e, table, department)),
        'service_requests',
        'request',
      );
    });

    app.post(`/open311/v2/requests.${format}`, { config: open, bodyLimit: 32 * 1024 }, async (req, reply) => {
      const body = z.record(z.string(), z.unknown()).parse(req.body ?? {});
      checkApiKey(req, body, opts.apiKey);
      checkJurisdiction(
        typeof body['jurisdiction_id'] === 'string' ? body['jurisdiction_id'] : undefined,
        table.jurisdictionId,
      );
      const { api_key: _key, ...fields } = body;
      const payload = {
        ...fields,
        request_id: `311-${toUtcInstant(opts.now()).slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`,
        received_at: toUtcInstant(opts.now()),
      };
      const [result] = await opts.pipeline.submit('open311', { payload, raw: JSON.stringify(payload) });
      if (!result || result.outcome === 'quarantined') {
        const reason = result?.reason ?? { code: 'INTERNAL' as const, message: 'no result' };
        throw new CodedError(reason.code, reason.message, reason.details);
      }
      return send(
        reply,
        format,
        200,
        [
          {
            service_request_id: payload.request_id,
            service_notice: '',
            account_id: typeof fields['account_id'] === 'string' ? fields['account_id'] : '',
          },
        ],
        'service_requests',
        'request',
      );
    });
  }

  app.get('/open311/v2/requests/:file', { config: open }, async (req, reply) => {
    const { file } = FileParam.parse(req.params);
    const [id, format] = file.split('.') as [string, Format];
    const event = await opts.events.get(eventId('open311', id));
    if (!event) throw new CodedError('NOT_FOUND', `no service request ${id}`);
    return send(reply, format, 200, [requestOf(event, table, department)], 'service_requests', 'request');
  });
}

function formatOf(req: FastifyRequest): Format {
  return /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
}

function send(
  reply: FastifyReply,
  format: Format,
  status: number,
  rows: readonly object[],
  root: string,
  item: string,
) {
  reply.status(status);
  if (format === 'xml')
    return reply.header('content-type', 'text/xml; charset=utf-8').send(toXml(root, item, rows));
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(rows));
}

/** The spec's `api_key` parameter (or our sources' X-Intake-Key header): the key of source `open311`. */
function checkApiKey(req: FastifyRequest, body: Record<string, unknown>, expected: string): void {
  const header = req.headers[INTAKE_KEY_HEADER];
  const got =
    typeof body['api_key'] === 'string' ? body['api_key'] : typeof header === 'string' ? header : '';
  // 403 "Invalid api_key received", as the GeoReport spec answers.
  if (!got || !safeEqual(got, expected)) throw new CodedError('FORBIDDEN', 'invalid api_key received');
}

function checkJurisdiction(given: string | undefined, ours: string): void {
  if (given !== undefined && given !== ours)
    throw new CodedError('NOT_FOUND', `jurisdiction_id ${given} is not served here (this is ${ours})`);
}
