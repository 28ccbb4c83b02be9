import type { Logger } from 'pino';
import type { EndReason } from './live-stream';

/** What the stream registry needs of the auth service (auth/auth-service.ts). */
export interface SessionChecks {
  onRevoked(listener: (sessionIds: readonly string[]) => void): () => void;
  recheck(sessionId: string): Promise<unknown>;
}

/**
 * Open video streams by the session that opened them. A stream URL is checked when the viewer connects, but a
 * live stream may run for hours: signing out, an admin revoking the session or disabling the account ends its
 * streams at once (revocation event), and an idle- or age-expired session loses them at the next re-check.
 */
export class StreamSessions {
  private readonly bySession = new Map<string, Set<(reason: EndReason) => void>>();
  private readonly offRevoked: () => void;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(auth: SessionChecks, recheckMs: number, log: Logger) {
    this.offRevoked = auth.onRevoked((ids) => ids.forEach((id) => this.end(id)));
    this.timer = setInterval(() => {
      for (const id of [...this.bySession.keys()]) {
        auth.recheck(id).then(
          (ok) => {
            if (!ok) this.end(id);
          },
          (err: unknown) => log.error({ err, sessionId: id }, 'video session re-check failed'),
        );
      }
    }, recheckMs);
    this.timer.unref();
  }

  /** Registers a stream of `sessionId`; `end` is called when the session ends. Returns the unregister function. */
  track(sessionId: string, end: (reason: EndReason) => void): () => void {
    const set = this.bySession.get(sessionId) ?? new Set();
    set.add(end);
    this.bySession.set(sessionId, set);
    return () => {
      set.delete(end);
      if (set.size === 0 && this.bySession.get(sessionId) === set) this.bySession.delete(sessionId);
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.offRevoked();
  }

  private end(sessionId: string): void {
    const set = this.bySession.get(sessionId);
    this.bySession.delete(sessionId);
    for (const end of set ?? []) end('revoked');
  }
}
