import type { Delta, Topic } from '../contract/live';
import { connectionStore } from './connection-store';
import { LIVE } from './stores';
import type { TopicStore } from './topic-store';

/**
 * Applies queued deltas in order (one store update per delta, all within one animation frame); returns
 * the topics where a delta did not chain onto the held sequence number.
 */
export function applyDeltas(deltas: readonly Delta[]): Set<Topic> {
  const gaps = new Set<Topic>();
  for (const d of deltas) {
    if (gaps.has(d.topic)) continue;
    const held = storeOf(d.topic).store.getState().seq;
    if (d.toSeq <= held) continue; // already covered (e.g. by a snapshot that arrived meanwhile)
    if (d.fromSeq > held) {
      connectionStore.setState({ lastError: `gap in ${d.topic}: held ${held}, got ${d.fromSeq}` });
      gaps.add(d.topic);
      continue;
    }
    storeOf(d.topic).upsert(d.upserts, d.removes, d.toSeq, d.serverTime);
  }
  return gaps;
}

/** The topic's store, widened: the contract's discriminated unions guarantee item and topic match. */
export function storeOf(topic: Topic): TopicStore<unknown> {
  return LIVE[topic] as TopicStore<unknown>;
}
