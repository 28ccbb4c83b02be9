import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../../src/contract/errors';
import type { Access, RouteAccess } from '../../auth/access';
import { ROUTE_DOCS } from './api-docs';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

/**
 * The OpenAPI 3.1 document of the REST API, generated from the live route table (so every route is in it, with
 * its access rule) and the contract's zod schemas (z.toJSONSchema) named in api-docs.ts.
 */
export function buildOpenApi(routes: readonly RouteAccess[], info: { version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const seen = new Set<string>();
  for (const r of routes) {
    if (r.method === 'HEAD' || !r.url.startsWith('/api/')) continue;
    const key = `${r.method} ${r.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = ROUTE_DOCS[key];
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const params = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const op: Json = {
      summary: doc?.summary ?? '(undocumented)',
      tags: [doc?.tag ?? 'other'],
      ...security(r.access),
      parameters: [...params, ...queryParameters(doc?.query)],
      responses: {
        '200': {
          description: 'OK',
          content: Object.fromEntries(
            (doc?.produces ?? ['application/json']).map((type) => [
              type,
              doc?.response && type === 'application/json'
                ? { schema: schemaOf(doc.response, 'output') }
                : {},
            ]),
          ),
        },
        ...(doc?.conflict
          ? {
              '409': {
                description: 'VERSION_CONFLICT or ILLEGAL_TRANSITION',
                content: { 'application/json': { schema: schemaOf(doc.conflict, 'output') } },
              },
            }
          : {}),
        default: {
          description: 'An error from the catalogue (src/contract/errors.ts): branch on error.code',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
        },
      },
    };
    if (doc?.body)
      op['requestBody'] = {
        required: true,
        content: { 'application/json': { schema: schemaOf(doc.body, 'input') } },
      };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'City Brain IOC API',
      version: info.version,
      description:
        'The REST API of the city operations centre. Sessions are cookies (POST /api/auth/login); state changes ' +
        'echo the session’s CSRF token in X-CSRF-Token. Sources post with their API key in X-Intake-Key. Errors carry ' +
        'a code from one catalogue. Live data (snapshot + sequenced deltas) is on Socket.IO, not here.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cb_session' },
        intakeKey: { type: 'apiKey', in: 'header', name: 'x-intake-key' },
      },
      schemas: { ApiError: schemaOf(ApiError, 'output') },
    },
    paths,
  };
}

function security(access: Access | undefined): Json {
  if (!access) return { security: [{ session: [] }], 'x-access': 'none (refused: default-deny)' };
  if ('public' in access) return { security: [], 'x-access': { public: true } };
  if ('intake' in access) return { security: [{ intakeKey: [] }], 'x-access': { intake: access.intake } };
  return { security: [{ session: [] }], 'x-access': access };
}

function queryParameters(query: z.ZodType | undefined): Json[] {
  if (!query) return [];
  const s = schemaOf(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: s.required?.includes(name) ?? false,
    schema,
  }));
}

/** GET /api/openapi.json: public, like the documentation of any API; built once the route table is complete. */
export async function openApiRoutes(
  app: FastifyInstance,
  opts: { routes: () => readonly RouteAccess[]; version: string },
): Promise<void> {
  let doc: Json | null = null;
  app.get(
    '/openapi.json',
    { config: { access: { public: true } } },
    async () => (doc ??= buildOpenApi(opts.routes(), opts)),
  );
}
