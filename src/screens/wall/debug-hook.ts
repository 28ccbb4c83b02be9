import { connectionStore } from '../../live/connection-store';
import { LIVE } from '../../live/stores';

/**
 * `/wall?debug=1`: a read-only view of the live state for monitoring and the browser tests (what the wall
 * holds, how it last subscribed). Nothing here can change state.
 */
export function installDebugHook(): void {
  (window as unknown as { __cityBrainWall: unknown }).__cityBrainWall = {
    connection: () => {
      const c = connectionStore.getState();
      return { status: c.status, connects: c.connects, modes: c.subscribeModes, lastError: c.lastError };
    },
    eventIds: () => [...LIVE.events.store.getState().items.keys()],
    counts: () =>
      Object.fromEntries(Object.entries(LIVE).map(([k, v]) => [k, v.store.getState().items.size])),
  };
}
