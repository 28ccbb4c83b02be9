import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../../../src/contract/auth';
import {
  ViewingMessage,
  type ClientToServerEvents,
  type PresenceMessage,
  type ServerToClientEvents,
  type Viewer,
} from '../../../src/contract/live';
import { toUtcInstant } from '../../../src/contract/time';
import { can } from '../../auth/policy';
import { inScope } from '../../auth/visibility';

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Viewing {
  principal: Principal;
  eventId: string | null;
  district: string | null;
}

/** Changes are announced at most this often: a burst of clicks through the queue is one message. */
const ANNOUNCE_MS = 150;

/**
 * Who has which event open on the duty console. A console says `viewing` when its open event changes; every
 * console that has spoken gets the whole picture, cut to the events its principal may see (an officer never
 * learns what another district's events are called, not even their ids). Kept in memory: presence is now,
 * not history, and a restart simply starts empty (each console says `viewing` again when it reconnects).
 */
export function attachPresence(
  io: LiveServer,
  deps: { districtOf: (eventId: string) => Promise<string | null | undefined>; log: Logger },
): () => void {
  const viewing = new Map<LiveSocket, Viewing>();
  let timer: NodeJS.Timeout | null = null;

  const announce = () => {
    timer = null;
    const serverTime = toUtcInstant(Date.now());
    for (const [socket, me] of viewing) {
      const viewers: Record<string, Viewer[]> = {};
      for (const v of viewing.values()) {
        if (v.eventId === null || !inScope(me.principal, v.district)) continue;
        const list = (viewers[v.eventId] ??= []);
        if (!list.some((x) => x.id === v.principal.id))
          list.push({ id: v.principal.id, name: v.principal.displayName });
      }
      socket.emit('presence', { viewers, serverTime } satisfies PresenceMessage);
    }
  };
  const schedule = () => {
    timer ??= setTimeout(announce, ANNOUNCE_MS);
  };

  const onConnection = (socket: LiveSocket) => {
    socket.on('viewing', (raw) => {
      const principal = (socket.data as { principal?: Principal } | undefined)?.principal;
      const parsed = ViewingMessage.safeParse(raw);
      // Malformed, or not allowed to read events: not a console; nothing to record.
      if (!parsed.success || !principal || !can(principal, 'events:read')) return;
      const id = parsed.data.eventId;
      const lookup = id === null ? Promise.resolve(null) : deps.districtOf(id);
      lookup.then(
        (district) => {
          if (!socket.connected) return;
          // An unknown event, or one outside the caller's districts, is recorded as viewing nothing.
          const visible = id !== null && district !== undefined && inScope(principal, district);
          viewing.set(socket, { principal, eventId: visible ? id : null, district: district ?? null });
          schedule();
        },
        (err: unknown) => deps.log.error({ err, eventId: id }, 'presence: event lookup failed'),
      );
    });
    socket.on('disconnect', () => {
      if (viewing.delete(socket)) schedule();
    });
  };
  io.on('connection', onConnection);
  return () => {
    io.off('connection', onConnection);
    if (timer) clearTimeout(timer);
  };
}
