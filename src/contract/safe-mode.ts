import { z } from 'zod';
import type { Camera, FieldWorker, Sensor } from './entities';
import { SensorType } from './entities';
import { Category, type Event } from './event';

/**
 * Safe mode (安全模式): what a wall or a tour must not show while visitors are in the room. The city pack
 * lists it (`safe-mode.json`), a tour file may add to it; the same vocabulary is understood by the SPA (which
 * hides and redacts) and the server (which leaves these things out of a tour's live references).
 *
 *   grid | traffic | cameras | sensors | events | warnings   a whole map layer (cameras: their video too)
 *   workers                                                  grid workers' positions (part of the grid layer)
 *   sensors:<type>                                           one kind of sensor, e.g. sensors:wristband
 *   category:<category>                                      events of one category, e.g. category:elderly-care
 *
 * Personal data needs no entry: in safe mode reporters are always dropped and phone numbers always removed
 * from text, masked or not.
 */
export const SAFE_LAYER_IDS = ['grid', 'traffic', 'cameras', 'sensors', 'events', 'warnings'] as const;
export type SafeLayerId = (typeof SAFE_LAYER_IDS)[number];

const layerItem = z.enum(SAFE_LAYER_IDS);
const sensorItem = z.templateLiteral(['sensors:', SensorType]);
const categoryItem = z.templateLiteral(['category:', Category]);

/** One thing safe mode hides (see above). */
export const SafeHideItem = z.union([layerItem, z.literal('workers'), sensorItem, categoryItem]);
export type SafeHideItem = z.infer<typeof SafeHideItem>;

/** `safe-mode.json` of a city pack. */
export const SafeModeConfig = z.object({
  hide: z.array(SafeHideItem).max(60),
  note: z.string().max(500).optional(),
});
export type SafeModeConfig = z.infer<typeof SafeModeConfig>;

/** What a list of hide items means, ready to test items against. */
export interface SafeHiding {
  layers: ReadonlySet<SafeLayerId>;
  workers: boolean;
  sensorTypes: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

export function safeHiding(items: Iterable<SafeHideItem>): SafeHiding {
  const layers = new Set<SafeLayerId>();
  const sensorTypes = new Set<string>();
  const categories = new Set<string>();
  let workers = false;
  for (const item of items) {
    if (item === 'workers') workers = true;
    else if (item.startsWith('sensors:')) sensorTypes.add(item.slice('sensors:'.length));
    else if (item.startsWith('category:')) categories.add(item.slice('category:'.length));
    else layers.add(item as SafeLayerId);
  }
  return { layers, workers, sensorTypes, categories };
}

/**
 * Phone numbers in free text, whole or already masked (139****5678, 021-6****321): mainland mobiles, landlines
 * with an area code, and any other run of 7+ digits or stars (an ID number, a number written without spaces). Citizens write numbers into complaints and
 * addresses ("请回电139…"); on an audience screen even a masked one is a number shown to strangers.
 */
const PHONE_LIKE =
  /(?<![\d*])(?:\+?86[-\s]?)?(?:1[3-9][\d*][-\s]?[\d*]{4}[-\s]?[\d*]{4}|0\d{2,3}[-\s]?[\d*]{7,8}|(?=[\d*]*\d)[\d*]{7,})(?![\d*])/g;

/** The text with every phone-like number replaced by a neutral mark. */
export function redactText(text: string): string {
  return text.replace(PHONE_LIKE, '***');
}

/** Whether a text still contains something phone-like (for tests and for checks of rendered text). */
export function hasPhoneLike(text: string): boolean {
  PHONE_LIKE.lastIndex = 0;
  const found = PHONE_LIKE.test(text);
  PHONE_LIKE.lastIndex = 0;
  return found;
}

/** An event as an audience may see it: no reporter, no phone numbers in its texts. */
export function redactEvent(e: Event): Event {
  return {
    ...e,
    reporter: null,
    title: redactText(e.title),
    description: redactText(e.description),
    address: redactText(e.address),
  };
}

/** Whether safe mode keeps this item at all (then it may still be redacted: events). */
export const keepsEvent = (h: SafeHiding, e: Pick<Event, 'category'>): boolean =>
  !h.categories.has(e.category);
export const keepsSensor = (h: SafeHiding, s: Pick<Sensor, 'type'>): boolean => !h.sensorTypes.has(s.type);
export const keepsWorker = (h: SafeHiding, _w: FieldWorker): boolean => !h.workers;
export const keepsCamera = (h: SafeHiding, _c: Camera): boolean => !h.layers.has('cameras');
