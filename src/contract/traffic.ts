import { z } from 'zod';
import { DistrictCode } from './geo';
import { UtcInstant } from './time';

/** Bands of the 0–10 congestion index, after the Chinese 交通运行指数 (畅通 … 严重拥堵). */
export const CongestionLevelBand = z.enum(['smooth', 'basically-smooth', 'light', 'moderate', 'severe']);
export type CongestionLevelBand = z.infer<typeof CongestionLevelBand>;

/**
 * One district's congestion index, computed from the latest road-segment states (GET /api/traffic/districts):
 * 10 × the length- and class-weighted mean of max(0, 1 − speed/free-flow) over the district's segments.
 */
export const DistrictTraffic = z.object({
  district: DistrictCode,
  name: z.string(),
  /** 0 (everything at free flow) … 10 (standstill). */
  index: z.number().min(0).max(10),
  band: CongestionLevelBand,
  /** Share of the district's road length that is congested or jammed. */
  congestedShare: z.number().min(0).max(1),
  /** Road length with a current state, km. */
  lengthKm: z.number().nonnegative(),
  segments: z.number().int().nonnegative(),
  /** Newest segment state that went into the index. */
  updatedAt: UtcInstant.nullable(),
});
export type DistrictTraffic = z.infer<typeof DistrictTraffic>;

export const DistrictTrafficResponse = z.object({
  items: z.array(DistrictTraffic),
  computedAt: UtcInstant,
});
export type DistrictTrafficResponse = z.infer<typeof DistrictTrafficResponse>;
