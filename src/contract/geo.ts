import { z } from 'zod';

/** A WGS-84 position. Every source datum (GCJ-02, BD-09) is converted before it reaches this shape. */
export const LonLat = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type LonLat = z.infer<typeof LonLat>;

/** [west, south, east, north] in WGS-84 degrees. */
export const BBox = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .refine(([w, s, e, n]) => w <= e && s <= n, 'bbox must be [west, south, east, north]');
export type BBox = z.infer<typeof BBox>;

/** GB/T 2260 district code (6 digits), its 街道 extension (9 digits) and a 万米单元网格 code (15 digits). */
export const DistrictCode = z.string().regex(/^\d{6}$/);
export const StreetCode = z.string().regex(/^\d{9}$/);
export const GridCode = z.string().regex(/^\d{15}$/);
