import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, INTAKE_KEY_HEADER, type Principal } from '../../src/contract/auth';
import { CodedError } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { AuditLog } from './audit';
import type { AuthService, ResolvedSession } from './auth-service';
import { can, PERMISSIONS, READ_ONLY_ROLES, type Permission } from './policy';

/**
 * The access rule every route declares in `config.access` — one declaration per route:
 *
 *   app.get('/events', { config: { access: { permission: 'events:read', scope: 'district' } } }, handler)
 *   app.post('/intake/video', { config: { access: { intake: 'video' } } }, handler)
 *   app.get('/server', { config: { access: { public: true } } }, handler)
 *
 * `permission` names a row of the policy table (policy.ts). `scope: 'district'` says the handler limits
 * its data to `req.principal.districts` (with auth/visibility.ts); `action` defaults to `read` for
 * GET/HEAD and `write` otherwise, and read-only roles (wall, auditor) are refused every `write`.
 * A route without a rule is refused (403) and fails the authorization-matrix test: default-deny.
 */
export type Access =
  | { public: true }
  | { intake: SourceId }
  | { permission: Permission; scope?: 'district' | 'none'; action?: 'read' | 'write' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in user or wall device; null on public routes for anonymous callers and on intake. */
    principal: Principal | null;
    /** The caller's session (its id binds signed URLs; its CSRF token is what state changes must echo). */
    auth: ResolvedSession | null;
    /** The subsystem whose API key authenticated an intake request. */
    intakeSource: SourceId | null;
  }
  interface FastifyInstance {
    audit: AuditLog;
  }
}

export const SESSION_COOKIE = 'cb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

/**
 * Installs authentication, authorization and CSRF checks on the root instance. Call before any route is
 * added: the returned list is every route registered afterwards with its rule (the matrix test reads it).
 */
export function registerAccessControl(
  app: FastifyInstance,
  opts: { auth: AuthService; intakeKeys: ReadonlyMap<SourceId, string>; audit: AuditLog },
): RouteAccess[] {
  const routes: RouteAccess[] = [];
  app.decorate('audit', opts.audit);
  app.decorateRequest('principal', null);
  app.decorateRequest('auth', null);
  app.decorateRequest('intakeSource', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access && 'permission' in access && !(access.permission in PERMISSIONS)) {
      throw new Error(`route ${route.url} names unknown permission "${access.permission}"`);
    }
    // Read when asked: an onRoute hook registered later (e.g. the SPA's static files) may still set the rule.
    for (const method of [route.method].flat())
      routes.push({
        method,
        url: route.url,
        get access() {
          return route.config?.access;
        },
      });
  });

  app.addHook('onRequest', async (req) => {
    // No route matched: the not-found handler answers 404 and reveals nothing.
    if (req.is404) return;
    const rule = req.routeOptions.config.access;
    if (!rule) {
      req.log.error({ url: req.routeOptions.url, method: req.method }, 'route declares no access rule');
      throw new CodedError('FORBIDDEN', 'this route declares no access rule');
    }
    if ('intake' in rule) {
      checkIntakeKey(req, rule.intake, opts.intakeKeys);
      req.intakeSource = rule.intake;
      return;
    }
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe) checkSameOrigin(req);
    const resolved = await opts.auth.resolve(req.cookies[SESSION_COOKIE]);
    req.auth = resolved;
    req.principal = resolved?.principal ?? null;
    if ('public' in rule) return;

    if (!resolved) throw new CodedError('UNAUTHENTICATED', 'sign in first');
    const p = resolved.principal;
    if (!can(p, rule.permission)) throw new CodedError('FORBIDDEN', `${p.role} may not ${rule.permission}`);
    const action = rule.action ?? (unsafe ? 'write' : 'read');
    if (action === 'write' && READ_ONLY_ROLES.includes(p.role))
      throw new CodedError('FORBIDDEN', `${p.role} is read-only`);
    if (unsafe) checkCsrfToken(req, resolved.csrfToken);
  });

  return routes;
}

/**
 * Cross-site request refusal, first layer: a browser says where a request comes from (Sec-Fetch-Site, or
 * Origin on older ones); anything but this origin is refused. Clients that are not browsers send neither
 * and cannot carry a victim's cookie, so absence passes here and the CSRF token decides.
 */
function checkSameOrigin(req: FastifyRequest): void {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new CodedError('CSRF_FAILED', `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  // Host only: behind a TLS-terminating proxy the scheme we see is http while the browser's is https.
  const origin = req.headers.origin;
  if (typeof origin === 'string' && hostOf(origin) !== req.host.toLowerCase()) {
    throw new CodedError('CSRF_FAILED', 'cross-origin request refused');
  }
}

/**
 * Second layer (synchronizer token): every state-changing request of a session carries the session's CSRF
 * token in `X-CSRF-Token`. The SPA reads it from /api/auth/session (same-origin only: no CORS here), so
 * another site can neither read it nor, without a CORS preflight we never grant, send the header.
 */
function checkCsrfToken(req: FastifyRequest, expected: string): void {
  const got = req.headers[CSRF_HEADER];
  if (typeof got !== 'string' || !safeEqual(got, expected)) {
    throw new CodedError('CSRF_FAILED', `missing or wrong ${CSRF_HEADER} header`);
  }
}

function checkIntakeKey(req: FastifyRequest, source: SourceId, keys: ReadonlyMap<SourceId, string>): void {
  const got = req.headers[INTAKE_KEY_HEADER];
  const expected = keys.get(source);
  if (typeof got !== 'string' || !expected || !safeEqual(got, expected)) {
    req.log.warn({ source, address: req.ip }, 'intake refused: missing or wrong API key');
    throw new CodedError('UNAUTHENTICATED', `missing or wrong ${INTAKE_KEY_HEADER} for ${source}`);
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" or garbage: never equal to a host, so refused
  }
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
