import { createStore } from 'zustand/vanilla';
import type { Event } from '../contract/event';

/**
 * The live picture of events. The Map is mutated in place and `rev` bumps once per applied batch:
 * copying a 100k-entry Map per delta would cost more than the delta. Readers select `rev` (or derived
 * values) and read `items` when it changes.
 */
export interface EventsState {
  items: Map<string, Event>;
  rev: number;
  /** Sequence number of the last applied snapshot or delta; -1 before the first snapshot. */
  seq: number;
  epoch: string | null;
  /** Server time of the last message, for freshness. */
  lastServerTime: string | null;
  /** Ids that arrived in the last batches, newest last (bounded), for "new" highlighting. */
  recent: string[];
}

const RECENT_MAX = 50;

export const eventsStore = createStore<EventsState>(() => ({
  items: new Map(),
  rev: 0,
  seq: -1,
  epoch: null,
  lastServerTime: null,
  recent: [],
}));

export function replaceEvents(items: readonly Event[], seq: number, epoch: string, serverTime: string): void {
  const map = new Map<string, Event>();
  for (const e of items) map.set(e.id, e);
  eventsStore.setState((s) => ({
    items: map,
    rev: s.rev + 1,
    seq,
    epoch,
    lastServerTime: serverTime,
    recent: [],
  }));
}

/** Applies already-ordered upserts; keeps the newest version of each event. */
export function upsertEvents(
  upserts: readonly Event[],
  removes: readonly string[],
  toSeq: number,
  serverTime: string,
): void {
  eventsStore.setState((s) => {
    const recent = s.recent.slice();
    for (const e of upserts) {
      const prev = s.items.get(e.id);
      if (prev && prev.version > e.version) continue;
      if (!prev) recent.push(e.id);
      s.items.set(e.id, e);
    }
    for (const id of removes) s.items.delete(id);
    return {
      items: s.items,
      rev: s.rev + 1,
      seq: toSeq,
      lastServerTime: serverTime,
      recent: recent.length > RECENT_MAX ? recent.slice(-RECENT_MAX) : recent,
    };
  });
}
