import type { TrafficCodeTable } from '../../../src/contract/city-pack';
import type { RoadSegmentState } from '../../../src/contract/entities';
import type { CongestionLevelBand, DistrictTraffic } from '../../../src/contract/traffic';
import type { CityPack } from '../../city-packs/load';

/**
 * Per-district congestion index, 0–10, from the latest segment states:
 *
 *   index = 10 × Σ wᵢ·Lᵢ·max(0, 1 − rᵢ) / Σ wᵢ·Lᵢ
 *
 * over the district's segments, rᵢ = speed / free-flow (capped at 1), Lᵢ the segment length and wᵢ its road
 * class weight from the pack (arterials count more than side streets, as in length-weighted
 * 交通运行指数 practice). 0 is free flow everywhere, 10 a standstill; the pack's bands name the ranges
 * (畅通 / 基本畅通 / 轻度 / 中度 / 严重拥堵). `congestedShare` is the share of road length that is congested or
 * jammed. Only districts of the pack's focus are listed; a district without states has index 0 and no time.
 */
export function districtCongestion(
  states: readonly RoadSegmentState[],
  pack: Pick<CityPack, 'roadById' | 'info' | 'codeTables'>,
): DistrictTraffic[] {
  const table = pack.codeTables.traffic;
  const acc = new Map<
    string,
    {
      weighted: number;
      weight: number;
      length: number;
      congested: number;
      segments: number;
      latest: string | null;
    }
  >();
  for (const d of pack.info.districts) {
    acc.set(d.code, { weighted: 0, weight: 0, length: 0, congested: 0, segments: 0, latest: null });
  }
  for (const s of states) {
    const a = s.district === null ? undefined : acc.get(s.district);
    const road = pack.roadById.get(s.id);
    if (!a || !road) continue;
    const w = (table.classWeights[road.class] ?? 1) * road.lengthM;
    a.weighted += w * Math.max(0, 1 - Math.min(1, s.ratio));
    a.weight += w;
    a.length += road.lengthM;
    if (s.level === 'congested' || s.level === 'jammed') a.congested += road.lengthM;
    a.segments += 1;
    if (a.latest === null || s.updatedAt > a.latest) a.latest = s.updatedAt;
  }
  return pack.info.districts.map((d) => {
    const a = acc.get(d.code)!;
    const index = a.weight === 0 ? 0 : Math.round((10 * a.weighted * 100) / a.weight) / 100;
    return {
      district: d.code,
      name: d.name,
      index,
      band: bandOf(index, table),
      congestedShare: a.length === 0 ? 0 : Math.round((a.congested / a.length) * 1000) / 1000,
      lengthKm: Math.round(a.length / 100) / 10,
      segments: a.segments,
      updatedAt: a.latest,
    };
  });
}

function bandOf(index: number, table: TrafficCodeTable): CongestionLevelBand {
  return (table.indexBands.find((b) => index < b.below) ?? table.indexBands[table.indexBands.length - 1]!)
    .level;
}
