import { useSyncExternalStore } from 'react';
import { connectionStore } from './connection-store';

/**
 * One shared 1 Hz ticker (not a timer per component) giving server-corrected time, for clocks and
 * "updated N s ago". It stops when nothing is subscribed.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    timer = setInterval(() => {
      now = Date.now() + connectionStore.getState().clockSkewMs;
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
