import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Principal } from '../../src/contract/auth';
import { CodedError } from '../../src/contract/errors';
import { toUtcInstant } from '../../src/contract/time';
import type { Config } from '../config';
import type { AccountsRepo, DeviceRecord, UserRecord } from '../store/accounts-repo';
import type { SessionRow, SessionsRepo } from '../store/sessions-repo';
import type { AuditLog } from './audit';
import type { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';

/** Where a request came from, for sessions and the audit log. */
export interface Origin {
  address: string;
  userAgent: string;
}

export interface ResolvedSession {
  principal: Principal;
  session: SessionRow;
  csrfToken: string;
}

/** last_seen_at is written at most this often per session (an idle clock of minutes needs no finer grain). */
const TOUCH_EVERY_MS = 30_000;

/**
 * Sign-in, sessions and revocation. The cookie carries a random 256-bit token; the store keeps only its
 * HMAC (SESSION_SECRET), the principal, and the times that bound it: idle expiry (people), absolute expiry
 * (everyone) and revocation. Every request re-reads the account, so a disabled user or a changed role takes
 * effect at once; changing role, districts or password also ends the user's sessions.
 */
export class AuthService {
  private readonly revokeListeners = new Set<(sessionIds: readonly string[]) => void>();

  constructor(
    private readonly deps: {
      accounts: AccountsRepo;
      sessions: SessionsRepo;
      throttle: LoginThrottle;
      audit: AuditLog;
      sessionSecret: string;
      config: Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_MAX_HOURS' | 'WALL_SESSION_DAYS'>;
      log: Logger;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** HMAC of a session or device token: what the store keeps instead of the token. */
  tokenHash(token: string): string {
    return createHmac('sha256', this.deps.sessionSecret).update(`token:${token}`).digest('base64url');
  }

  /** The CSRF token of a session: derived, so it needs no storage and dies with the session. */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.deps.sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
  }

  /** Password sign-in, throttled per account and per address; every attempt is audited. */
  async login(
    username: string,
    password: string,
    origin: Origin,
  ): Promise<{ token: string } & ResolvedSession> {
    const name = username.trim().toLowerCase();
    const { throttle, audit, accounts } = this.deps;
    const locked = await throttle.lockedFor(name, origin.address, this.now());
    if (locked > 0) {
      await audit.record({
        actor: name,
        action: 'auth.login',
        target: name,
        outcome: 'denied',
        address: origin.address,
        details: { reason: 'locked', retryAfterSeconds: locked },
      });
      const err = new CodedError('RATE_LIMITED', `too many failed sign-ins; try again in ${locked} s`);
      (err as CodedError & { retryAfter?: number }).retryAfter = locked;
      throw err;
    }
    const user = await accounts.userByName(name);
    const ok =
      (await verifyPassword(user?.passwordHash ?? null, password)) && user !== null && !user.disabled;
    if (!ok || !user) {
      await throttle.failed(name, origin.address, this.now());
      await audit.record({
        actor: name,
        action: 'auth.login',
        target: name,
        outcome: 'failed',
        address: origin.address,
        details: { reason: user === null ? 'unknown-user' : user.disabled ? 'disabled' : 'wrong-password' },
      });
      throw new CodedError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    await throttle.succeeded(name);
    const opened = await this.open(
      'user',
      user.id,
      this.deps.config.SESSION_IDLE_MINUTES * 60,
      this.deps.config.SESSION_MAX_HOURS * 3_600_000,
      origin,
    );
    const principal = userPrincipal(user);
    await audit.record({
      actor: user.username,
      actorRole: user.role,
      action: 'auth.login',
      target: user.username,
      outcome: 'ok',
      address: origin.address,
      details: { session: opened.session.id },
    });
    return { ...opened, principal, csrfToken: this.csrfToken(opened.session.id) };
  }

  /** A wall display trades its long-lived token for a session (no idle expiry; WALL_SESSION_DAYS absolute). */
  async deviceLogin(token: string, origin: Origin): Promise<{ token: string } & ResolvedSession> {
    const { throttle, audit, accounts } = this.deps;
    const locked = await throttle.lockedFor(null, origin.address, this.now());
    if (locked > 0)
      throw new CodedError('RATE_LIMITED', `too many failed sign-ins; try again in ${locked} s`);
    const device = await accounts.deviceByTokenHash(this.tokenHash(token));
    if (!device || device.revokedAt !== null) {
      await throttle.failed(null, origin.address, this.now());
      await audit.record({
        actor: device ? `device:${device.name}` : 'anonymous',
        actorRole: 'wall',
        action: 'auth.device-login',
        target: device?.id ?? null,
        outcome: 'failed',
        address: origin.address,
        details: { reason: device ? 'revoked' : 'unknown-token' },
      });
      throw new CodedError('INVALID_CREDENTIALS', 'unknown or revoked device token');
    }
    const opened = await this.open(
      'device',
      device.id,
      null,
      this.deps.config.WALL_SESSION_DAYS * 86_400_000,
      origin,
    );
    await accounts.touchDevice(device.id, toUtcInstant(this.now()));
    const principal = devicePrincipal(device);
    await audit.record({
      actor: principal.username,
      actorRole: 'wall',
      action: 'auth.device-login',
      target: device.id,
      outcome: 'ok',
      address: origin.address,
      details: { session: opened.session.id, profile: device.profile },
    });
    return { ...opened, principal, csrfToken: this.csrfToken(opened.session.id) };
  }

  private async open(
    kind: 'user' | 'device',
    principalId: string,
    idleS: number | null,
    lifetimeMs: number,
    origin: Origin,
  ): Promise<{ token: string; session: SessionRow }> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const session: SessionRow = {
      id: randomUUID(),
      token_hash: this.tokenHash(token),
      principal_kind: kind,
      principal_id: principalId,
      created_at: toUtcInstant(now),
      last_seen_at: toUtcInstant(now),
      idle_timeout_s: idleS,
      expires_at: toUtcInstant(now + lifetimeMs),
      revoked_at: null,
      address: origin.address.slice(0, 100),
      user_agent: origin.userAgent.slice(0, 300),
    };
    await this.deps.sessions.insert(session);
    // Sessions that ended a week ago are of no further use (the audit log keeps their story).
    await this.deps.sessions.purgeEndedBefore(toUtcInstant(now - 7 * 86_400_000));
    return { token, session };
  }

  /** The live session and principal a cookie token stands for, or null (unknown, ended, or its account gone). */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 200) return null;
    const session = await this.deps.sessions.byTokenHash(this.tokenHash(token));
    if (!session) return null;
    return this.check(session);
  }

  /** Re-checks a known session (the live gateway does this for open sockets). */
  async recheck(sessionId: string): Promise<ResolvedSession | null> {
    const session = await this.deps.sessions.byId(sessionId);
    return session ? this.check(session, false) : null;
  }

  private async check(session: SessionRow, touch = true): Promise<ResolvedSession | null> {
    const now = this.now();
    if (session.revoked_at !== null) return null;
    if (Date.parse(session.expires_at) <= now) return null;
    const lastSeen = Date.parse(session.last_seen_at);
    if (session.idle_timeout_s !== null && lastSeen + session.idle_timeout_s * 1000 <= now) return null;
    let principal: Principal | null = null;
    if (session.principal_kind === 'user') {
      const user = await this.deps.accounts.userById(session.principal_id);
      if (user && !user.disabled) principal = userPrincipal(user);
    } else {
      const device = await this.deps.accounts.deviceById(session.principal_id);
      if (device && device.revokedAt === null) principal = devicePrincipal(device);
    }
    if (!principal) return null;
    if (touch && now - lastSeen >= TOUCH_EVERY_MS) {
      const at = toUtcInstant(now);
      await this.deps.sessions.touch(session.id, at);
      session = { ...session, last_seen_at: at };
    }
    return { principal, session, csrfToken: this.csrfToken(session.id) };
  }

  async logout(resolved: ResolvedSession, origin: Origin): Promise<void> {
    await this.deps.sessions.revoke(resolved.session.id, toUtcInstant(this.now()));
    this.emitRevoked([resolved.session.id]);
    await this.deps.audit.record({
      actor: resolved.principal.username,
      actorRole: resolved.principal.role,
      action: 'auth.logout',
      target: resolved.principal.username,
      outcome: 'ok',
      address: origin.address,
      details: { session: resolved.session.id },
    });
  }

  /** Ends one session (admin). Returns whether it was open. */
  async revokeSession(sessionId: string): Promise<boolean> {
    const ended = await this.deps.sessions.revoke(sessionId, toUtcInstant(this.now()));
    if (ended) this.emitRevoked([sessionId]);
    return ended;
  }

  /** Ends every session of a user or device; returns how many were open. */
  async revokeAllOf(principalId: string): Promise<number> {
    const ids = await this.deps.sessions.revokeAllOf(principalId, toUtcInstant(this.now()));
    if (ids.length) this.emitRevoked(ids);
    return ids.length;
  }

  /** Open sessions (not revoked, not past absolute or idle expiry). */
  async openSessions(principalId?: string): Promise<SessionRow[]> {
    const now = this.now();
    const rows = await this.deps.sessions.listOpen(toUtcInstant(now), principalId);
    return rows.filter(
      (s) => s.idle_timeout_s === null || Date.parse(s.last_seen_at) + s.idle_timeout_s * 1000 > now,
    );
  }

  /** Called with the ids of sessions as they are revoked (the live gateway disconnects their sockets). */
  onRevoked(listener: (sessionIds: readonly string[]) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  private emitRevoked(ids: readonly string[]): void {
    for (const l of this.revokeListeners) {
      try {
        l(ids);
      } catch (err) {
        this.deps.log.error({ err }, 'revocation listener failed');
      }
    }
  }
}

export function userPrincipal(u: UserRecord): Principal {
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    // Only officers are district-scoped; other roles see the whole city whatever is stored.
    districts: u.role === 'officer' ? (u.districts ?? []) : null,
    profile: null,
  };
}

export function devicePrincipal(d: DeviceRecord): Principal {
  return {
    kind: 'device',
    id: d.id,
    username: `device:${d.name}`,
    displayName: d.name,
    role: 'wall',
    districts: d.districts,
    profile: d.profile,
  };
}
