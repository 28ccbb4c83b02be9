import { createStore } from 'zustand/vanilla';
import type { Topic } from '../contract/live';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Client clock time of the last message from the server (any topic), ms. */
  lastMessageAt: number | null;
  /** Server clock minus client clock, ms: the wall's clock and freshness use server time. */
  clockSkewMs: number;
  buildId: string | null;
  /** Failed subscribe acks, shown to the operator rather than swallowed. */
  lastError: string | null;
  /** How the server answered the latest subscribe per topic: a fresh snapshot or a resume from our seq. */
  subscribeModes: Partial<Record<Topic, 'snapshot' | 'resume'>>;
  /** Connections made so far (1 on the first connect): a reconnect shows as a step here. */
  connects: number;
}

export const connectionStore = createStore<ConnectionState>(() => ({
  status: 'connecting',
  lastMessageAt: null,
  clockSkewMs: 0,
  buildId: null,
  lastError: null,
  subscribeModes: {},
  connects: 0,
}));

/** The server's clock as this client estimates it (the wall shows city time whatever the PC's clock says). */
export function serverNow(): number {
  return Date.now() + connectionStore.getState().clockSkewMs;
}
