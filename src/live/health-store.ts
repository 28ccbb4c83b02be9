import { createStore } from 'zustand/vanilla';
import type { FeedHealth } from '../contract/feed-health';
import type { SourceId } from '../contract/source';

export interface HealthState {
  feeds: Partial<Record<SourceId, FeedHealth>>;
  seq: number;
  epoch: string | null;
  lastServerTime: string | null;
}

export const healthStore = createStore<HealthState>(() => ({
  feeds: {},
  seq: -1,
  epoch: null,
  lastServerTime: null,
}));

export function replaceHealth(
  items: readonly FeedHealth[],
  seq: number,
  epoch: string,
  serverTime: string,
): void {
  healthStore.setState({
    feeds: Object.fromEntries(items.map((h) => [h.source, h])),
    seq,
    epoch,
    lastServerTime: serverTime,
  });
}

export function upsertHealth(items: readonly FeedHealth[], toSeq: number, serverTime: string): void {
  healthStore.setState((s) => ({
    feeds: { ...s.feeds, ...Object.fromEntries(items.map((h) => [h.source, h])) },
    seq: toSeq,
    lastServerTime: serverTime,
  }));
}
