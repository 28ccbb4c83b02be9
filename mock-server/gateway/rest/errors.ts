import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { CodedError, type ApiError, type ErrorCode, ERROR_CATALOGUE } from '../../../src/contract/errors';

/** Maps every failure to the catalogue's `{ error: { code, message } }` body and status. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CodedError | ZodError, req, reply) => {
    if (err instanceof CodedError) return reply.status(err.status).send(err.toBody());
    if (err instanceof ZodError) {
      return reply.status(400).send(
        body(
          'BAD_REQUEST',
          'invalid request',
          err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ),
      );
    }
    const code = fastifyCode(err);
    if (code) return reply.status(ERROR_CATALOGUE[code].status).send(body(code, err.message));
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'internal error'));
  });
}

function fastifyCode(err: FastifyError): ErrorCode | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_VALIDATION':
      return 'BAD_REQUEST';
    default:
      return err.statusCode !== undefined && err.statusCode < 500 ? 'BAD_REQUEST' : null;
  }
}

export function body(
  code: ErrorCode,
  message: string,
  details?: { path: string; message: string }[],
): ApiError {
  return { error: { code, message, ...(details ? { details } : {}) } };
}
