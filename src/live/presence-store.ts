import { createStore } from 'zustand/vanilla';
import type { Viewer } from '../contract/live';

/** Who has which event open on the duty console (the server's `presence` picture, cut to our districts). */
export interface PresenceState {
  viewers: Record<string, Viewer[]>;
}

export const presenceStore = createStore<PresenceState>(() => ({ viewers: {} }));
