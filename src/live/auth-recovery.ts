import type { Socket } from 'socket.io-client';
import { connectionStore } from './connection-store';

/**
 * The server refuses a live connection without a session (handshake error UNAUTHENTICATED) and ends the
 * sockets of a revoked session ('io server disconnect'); Socket.IO retries neither by itself. Here a
 * server-side disconnect is retried after a second (it is also what a server restart looks like), and a
 * refused handshake asks `onAuthLost` to sign in again (a wall display re-uses its device token) before
 * reconnecting; without it, or when it fails, the page stays disconnected and the caller has navigated.
 */
export function recoverAuth(socket: Socket, onAuthLost: (() => Promise<boolean>) | undefined): () => void {
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (err: Error) => {
    if (err.message !== 'UNAUTHENTICATED') return; // network errors: Socket.IO retries with backoff
    connectionStore.setState({ status: 'reconnecting', lastError: 'UNAUTHENTICATED' });
    void (onAuthLost?.() ?? Promise.resolve(false)).then((ok) => {
      if (ok) socket.connect();
    });
  });
  socket.on('disconnect', (reason: string) => {
    if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 1000);
  });
  return () => clearTimeout(retry);
}
