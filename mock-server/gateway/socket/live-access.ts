import fastifyCookie from '@fastify/cookie';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../../../src/contract/auth';
import type { Event } from '../../../src/contract/event';
import type {
  ClientToServerEvents,
  LiveFilter,
  ServerToClientEvents,
  Topic,
  TopicItem,
} from '../../../src/contract/live';
import { SESSION_COOKIE } from '../../auth/access';
import type { AuthService } from '../../auth/auth-service';
import { can, type Permission } from '../../auth/policy';
import { scopedDistricts, viewEvent } from '../../auth/visibility';
import type { LiveAuthorizer } from './live-gateway';

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** The permission each topic needs: the live twin of the REST routes' declarations. */
export const TOPIC_PERMISSION: Record<Topic, Permission> = {
  events: 'events:read',
  health: 'feeds:read',
  traffic: 'entities:read',
  cameras: 'entities:read',
  sensors: 'entities:read',
  workers: 'entities:read',
  warnings: 'entities:read',
};

/** Topics whose items belong to a district: an officer (or a district wall) receives only theirs. */
export const DISTRICT_SCOPED_TOPICS: ReadonlySet<Topic> = new Set([
  'events',
  'cameras',
  'sensors',
  'workers',
]);

/** Open sockets are re-checked this often: an expired session or a disabled account loses its stream. */
const RECHECK_MS = 60_000;

interface SocketAuth {
  principal: Principal;
  sessionId: string;
}

const authOf = (socket: LiveSocket): SocketAuth | undefined => socket.data as SocketAuth | undefined;

/**
 * Authenticates every Socket.IO handshake with the session cookie (a wall display's cookie comes from its
 * device token): no session, no connection. Sockets of a revoked session are disconnected at once; others
 * are re-checked every minute. Returns a stop function.
 */
export function authenticateSockets(io: LiveServer, auth: AuthService, log: Logger): () => void {
  const bySession = new Map<string, Set<LiveSocket>>();
  io.use((socket, next) => {
    const fail = (code: string, message: string) => {
      const err = new Error(code) as Error & { data: unknown };
      err.data = { code, message };
      next(err);
    };
    // A page on another site cannot open our socket with the user's cookie (cross-site WebSocket hijacking).
    const origin = socket.handshake.headers.origin;
    const host = socket.handshake.headers.host;
    if (origin && host && hostOf(origin) !== host.toLowerCase()) {
      fail('CSRF_FAILED', 'cross-origin live connection refused');
      return;
    }
    const token = fastifyCookie.parse(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    auth.resolve(token).then(
      (resolved) => {
        if (!resolved) return fail('UNAUTHENTICATED', 'sign in first');
        socket.data = { principal: resolved.principal, sessionId: resolved.session.id } satisfies SocketAuth;
        const set = bySession.get(resolved.session.id) ?? new Set();
        set.add(socket);
        bySession.set(resolved.session.id, set);
        socket.on('disconnect', () => {
          set.delete(socket);
          if (set.size === 0) bySession.delete(resolved.session.id);
        });
        next();
      },
      (err: unknown) => {
        log.error({ err }, 'live handshake: session lookup failed');
        fail('INTERNAL', 'session lookup failed');
      },
    );
  });

  // Each socket sits in its session's room: a revocation disconnects the session's sockets on every node (with the
  // Redis adapter the room-wide disconnect reaches the other nodes; alone, it is this node's sockets).
  const onConnection = (socket: LiveSocket) => {
    const a = authOf(socket);
    if (a) void socket.join(sessionRoom(a.sessionId));
  };
  io.on('connection', onConnection);
  const drop = (sessionId: string) => {
    io.in(sessionRoom(sessionId)).disconnectSockets(true);
    for (const s of bySession.get(sessionId) ?? []) s.disconnect(true);
    bySession.delete(sessionId);
  };
  const offRevoked = auth.onRevoked((ids) => ids.forEach(drop));
  const timer = setInterval(() => {
    for (const sessionId of [...bySession.keys()]) {
      auth.recheck(sessionId).then(
        (ok) => {
          if (!ok) drop(sessionId);
          else for (const s of bySession.get(sessionId) ?? []) authOf(s)!.principal = ok.principal;
        },
        (err: unknown) => log.error({ err, sessionId }, 'live session re-check failed'),
      );
    }
  }, RECHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    offRevoked();
    io.off('connection', onConnection);
  };
}

const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * Authorizes each subscription: the topic's permission for the socket's principal, the district filter
 * forced from the session (what the client asks is cut to its scope, never widened), and personal data
 * masked per role with the same function as REST.
 */
export const authorizeSubscription: LiveAuthorizer = (socket, req) => {
  const a = authOf(socket);
  if (!a) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'sign in first' } };
  const p = a.principal;
  if (!can(p, TOPIC_PERMISSION[req.topic])) {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: `${p.role} may not subscribe to ${req.topic}` },
    };
  }
  let filter: LiveFilter | undefined = req.filter;
  if (DISTRICT_SCOPED_TOPICS.has(req.topic) && p.districts !== null) {
    filter = { ...req.filter, districts: scopedDistricts(p, req.filter?.districts) ?? [] };
  }
  const view =
    req.topic === 'events'
      ? (item: TopicItem[Topic]) =>
          viewEvent(item as Event, authOf(socket)?.principal ?? p) as TopicItem[Topic]
      : null;
  return { ok: true, grant: { filter, view } };
};

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" or garbage never equals a host: refused
  }
}
