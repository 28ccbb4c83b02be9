import { createStore } from 'zustand/vanilla';

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
}

export const connectionStore = createStore<ConnectionState>(() => ({
  status: 'connecting',
  lastMessageAt: null,
  clockSkewMs: 0,
  buildId: null,
  lastError: null,
}));
