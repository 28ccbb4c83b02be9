import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeviceLoginRequest, LoginRequest, type Me, type SessionState } from '../../../src/contract/auth';
import { CodedError } from '../../../src/contract/errors';
import { SESSION_COOKIE } from '../../auth/access';
import type { AuthService, ResolvedSession } from '../../auth/auth-service';
import type { Config } from '../../config';

/** Sign-in bodies are tiny; anything bigger is refused before it is read. */
const AUTH_BODY_LIMIT = 4 * 1024;

/**
 * Sign-in and sign-out. The session cookie is httpOnly (scripts never see it), SameSite=Strict (never sent
 * on cross-site requests), Secure over https, and expires with the session's absolute lifetime.
 */
export async function authRoutes(
  app: FastifyInstance,
  opts: { auth: AuthService; config: Pick<Config, 'COOKIE_SECURE'> },
): Promise<void> {
  const origin = (req: FastifyRequest) => ({
    address: req.ip,
    userAgent: String(req.headers['user-agent'] ?? ''),
  });
  const secure = (req: FastifyRequest) =>
    opts.config.COOKIE_SECURE === 'auto' ? req.protocol === 'https' : opts.config.COOKIE_SECURE === 'true';
  const me = (r: ResolvedSession): Me => ({
    principal: r.principal,
    csrfToken: r.csrfToken,
    expiresAt: r.session.expires_at,
  });
  const signIn = (req: FastifyRequest, reply: FastifyReply, r: { token: string } & ResolvedSession) => {
    const maxAge = Math.max(0, Math.floor((Date.parse(r.session.expires_at) - Date.now()) / 1000));
    reply.setCookie(SESSION_COOKIE, r.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      maxAge,
    });
    return me(r);
  };

  app.get('/auth/session', { config: { access: { public: true } } }, async (req): Promise<SessionState> => ({
    me: req.auth ? me(req.auth) : null,
  }));

  app.post(
    '/auth/login',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: { public: true } } },
    async (req, reply) => {
      const body = LoginRequest.parse(req.body);
      try {
        return signIn(req, reply, await opts.auth.login(body.username, body.password, origin(req)));
      } catch (err) {
        const retryAfter = (err as { retryAfter?: number }).retryAfter;
        if (err instanceof CodedError && err.code === 'RATE_LIMITED' && retryAfter)
          reply.header('retry-after', String(retryAfter));
        throw err;
      }
    },
  );

  app.post(
    '/auth/device',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: { public: true } } },
    async (req, reply) => {
      const body = DeviceLoginRequest.parse(req.body);
      return signIn(req, reply, await opts.auth.deviceLogin(body.token, origin(req)));
    },
  );

  app.post(
    '/auth/logout',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: { permission: 'self', action: 'read' } } },
    async (req, reply) => {
      await opts.auth.logout(req.auth!, origin(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
}
