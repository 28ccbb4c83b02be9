import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/contract/auth';
import { registerErrorHandling } from '../gateway/rest/errors';
import { registerAccessControl, type Access } from './access';
import type { AuditLog } from './audit';
import type { AuthService, ResolvedSession } from './auth-service';

const wall: Principal = {
  kind: 'device',
  id: 'd1',
  username: 'device:w',
  displayName: 'w',
  role: 'wall',
  districts: null,
  profile: 'ops-centre',
};

let app: FastifyInstance;
afterEach(async () => app?.close());

/** A server whose every request is signed in as `principal` (the session lookup is what is stubbed). */
async function serverAs(principal: Principal | null, routes: (a: FastifyInstance) => void) {
  app = Fastify();
  registerErrorHandling(app);
  await app.register(fastifyCookie);
  const resolved = principal
    ? ({ principal, csrfToken: 'csrf', session: { id: 's1' } } as unknown as ResolvedSession)
    : null;
  const auth = { resolve: async () => resolved } as unknown as AuthService;
  registerAccessControl(app, { auth, intakeKeys: new Map(), audit: {} as AuditLog });
  routes(app);
  await app.ready();
  return app;
}

describe('the access plugin', () => {
  it('refuses a route that declares no rule (default-deny), whoever calls', async () => {
    await serverAs(wall, (a) => a.get('/undeclared', async () => 'secret'));
    const res = await app.inject({ url: '/undeclared' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(res.body).not.toContain('secret');
  });

  it('refuses a read-only role any write, even where the permission would include it', async () => {
    const rule: Access = { permission: 'video:view' };
    await serverAs(wall, (a) => {
      a.post('/act', { config: { access: rule } }, async () => 'done');
      a.post('/issue', { config: { access: { ...rule, action: 'read' } } }, async () => 'issued');
    });
    const headers = { 'x-csrf-token': 'csrf' };
    expect((await app.inject({ method: 'POST', url: '/act', headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/issue', headers })).statusCode).toBe(200);
  });

  it('fails at start-up for a rule naming a permission the policy does not have', async () => {
    await expect(
      serverAs(wall, (a) =>
        a.get(
          '/x',
          { config: { access: { permission: 'events:delete' as 'events:read' } } },
          async () => 'x',
        ),
      ),
    ).rejects.toThrow(/unknown permission "events:delete"/);
  });

  it('answers 401 to anonymous callers of a permission route and lets them through public ones', async () => {
    await serverAs(null, (a) => {
      a.get('/private', { config: { access: { permission: 'self' } } }, async () => 'p');
      a.get('/public', { config: { access: { public: true } } }, async () => 'ok');
    });
    expect((await app.inject({ url: '/private' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/public' })).statusCode).toBe(200);
  });
});
