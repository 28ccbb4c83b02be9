import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../../mock-server/gateway/rest/api-docs';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { summary: string; security: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }
    >
  >;
}

const routeTable = () =>
  [
    ...new Set(
      server.app.security.routes
        .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'))
        .map((r) => `${r.method} ${r.url}`),
    ),
  ].sort();

describe('the OpenAPI document', () => {
  it('is served publicly at /api/openapi.json as OpenAPI 3.1 with every route of the route table', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
      )
      .sort();
    expect(documented).toEqual(routeTable());
  });

  it('has a description for every route (a new route needs its line in api-docs.ts), and none for a route that is gone', () => {
    const routes = routeTable();
    expect(
      routes.filter((r) => !(r in ROUTE_DOCS)),
      'routes without a line in api-docs.ts',
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_DOCS).filter((r) => !routes.includes(r)),
      'docs of routes that do not exist',
    ).toEqual([]);
  });

  it('carries contract schemas and access: the action route’s body, its 409 with the current event, session security', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Doc;
    const op = doc.paths['/api/events/{id}/actions']!['post']!;
    expect(JSON.stringify(op.requestBody)).toContain('"version"');
    expect(JSON.stringify(op.responses['409'])).toContain('"current"');
    expect(op.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/cap/feed']!['get']!.security).toEqual([]);
    expect(doc.paths['/api/intake/hotline']!['post']!.security).toEqual([{ intakeKey: [] }]);
  });
});
