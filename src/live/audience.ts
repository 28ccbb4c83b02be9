import type { Camera, FieldWorker, Sensor } from '../contract/entities';
import type { Event } from '../contract/event';
import type { Delta, Topic } from '../contract/live';
import {
  keepsCamera,
  keepsEvent,
  keepsSensor,
  keepsWorker,
  redactEvent,
  type SafeHiding,
} from '../contract/safe-mode';

/**
 * Safe mode's screen over the live stream (see contract/safe-mode.ts): while it is set, the page never holds what
 * an audience must not see — hidden event categories, sensor types, workers, cameras — and events reach the stores
 * without reporters or phone numbers. Screening where live state is written (the socket client) covers every
 * panel, layer and banner at once, including ones added later.
 */
let hiding: SafeHiding | null = null;

/** Topics the screen may change. */
export const SCREENED_TOPICS: ReadonlySet<Topic> = new Set(['events', 'sensors', 'workers', 'cameras']);

export function audienceHiding(): SafeHiding | null {
  return hiding;
}

/** Sets the screen; returns the previous one (the socket client decides what must be fetched again). */
export function replaceAudienceHiding(next: SafeHiding | null): SafeHiding | null {
  const was = hiding;
  hiding = next;
  return was;
}

/** An item as the page may hold it under the current screen; null: not at all. */
export function screenItem(topic: Topic, item: unknown): unknown {
  const h = hiding;
  if (h === null) return item;
  switch (topic) {
    case 'events':
      return keepsEvent(h, item as Event) ? redactEvent(item as Event) : null;
    case 'sensors':
      return keepsSensor(h, item as Sensor) ? item : null;
    case 'workers':
      return keepsWorker(h, item as FieldWorker) ? item : null;
    case 'cameras':
      return keepsCamera(h, item as Camera) ? item : null;
    default:
      return item;
  }
}

export function screenItems<T>(topic: Topic, items: readonly T[]): T[] {
  if (hiding === null || !SCREENED_TOPICS.has(topic)) return items as T[];
  return items.flatMap((it) => {
    const kept = screenItem(topic, it);
    return kept === null ? [] : [kept as T];
  });
}

/** A delta under the screen: screened-out upserts become removes (the page may hold an older copy). */
export function screenDelta(d: Delta): Delta {
  if (hiding === null || !SCREENED_TOPICS.has(d.topic)) return d;
  const upserts: unknown[] = [];
  const removes = [...d.removes];
  for (const it of d.upserts as readonly unknown[]) {
    const kept = screenItem(d.topic, it);
    if (kept === null) removes.push((it as { id: string }).id);
    else upserts.push(kept);
  }
  return { ...d, upserts, removes } as Delta;
}
