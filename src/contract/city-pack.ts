import { z } from 'zod';
import { BBox } from './geo';
import { Category, Severity } from './event';

/**
 * A city is a folder of data validated by this schema (`mock-server/city-packs/<city>/pack.json` plus
 * its code tables): adding a city touches no `.ts` file.
 */
export const CityPackManifest = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  /** IANA zone the city's systems write local times in. */
  timezone: z.string(),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number().min(0).max(22),
  /** The area the simulators and the basemap cover. */
  bounds: BBox,
  /** Districts shown and simulated (GB/T 2260), a subset of the boundary file. */
  focusDistricts: z.array(z.string().regex(/^\d{6}$/)).min(1),
  files: z.object({
    districts: z.string(),
    streets: z.string(),
    districtCodes: z.string(),
    streetCodes: z.string(),
    roads: z.string(),
  }),
  /** Expected gap between messages per source: feed health marks a source stale after staleFactor × this. */
  feeds: z.record(z.string(), z.object({ expectedIntervalMs: z.number().int().positive() })),
  staleFactor: z.number().min(1).max(100).default(3),
});
export type CityPackManifest = z.infer<typeof CityPackManifest>;

/** 12345 hotline code table: the caller's request classification and urgency → our taxonomy. */
export const HotlineCodeTable = z.object({
  /** 诉求分类 (e.g. "市容环境/暴露垃圾") → category. Unknown classes are quarantined, not guessed. */
  classes: z.record(z.string(), Category),
  /** 紧急程度 → severity. */
  urgency: z.record(z.string(), Severity),
  /** 诉求类型 (投诉/举报/求助/咨询/建议): kept as an attribute, validated against this list. */
  requestTypes: z.array(z.string()).min(1),
});
export type HotlineCodeTable = z.infer<typeof HotlineCodeTable>;
