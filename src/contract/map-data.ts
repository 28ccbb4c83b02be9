import { z } from 'zod';
import { DistrictCode, GridCode, StreetCode } from './geo';

/**
 * Static geometry the map layers draw under the live states, served once over REST with cache headers:
 * road lines (GET /api/roads, `id` = RoadSegmentState.id) and unit-grid cells (GET /api/grid-cells).
 */
const Position = z.tuple([z.number(), z.number()]);

export const RoadFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({
    id: z.string(),
    name: z.string(),
    class: z.string(),
    district: DistrictCode.nullable(),
    lengthM: z.number().nonnegative(),
  }),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
});
export const RoadCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(RoadFeature),
});
export type RoadCollection = z.infer<typeof RoadCollection>;

/** A unit-grid cell: 15-digit code = 9-digit 街道 + 3-digit 社区 (synthetic in packs without 社区 data) + sequence. */
export const GridCellFeature = z.object({
  type: z.literal('Feature'),
  id: GridCode,
  properties: z.object({
    code: GridCode,
    street: StreetCode,
    district: DistrictCode,
    community: z.string().regex(/^\d{3}$/),
    areaM2: z.number().nonnegative(),
  }),
  geometry: z.union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
  ]),
});
export type GridCellFeature = z.infer<typeof GridCellFeature>;
export const GridCellCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GridCellFeature),
});
export type GridCellCollection = z.infer<typeof GridCellCollection>;
