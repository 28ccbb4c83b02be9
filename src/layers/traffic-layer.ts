import { PathLayer } from '@deck.gl/layers';
import type { CongestionLevel } from '../contract/entities';
import { CONGESTION_RGB } from '../theme/palette';

export const TRAFFIC_LAYER_ID = 'traffic';

/** A road line from GET /api/roads; `id` is the RoadSegmentState id the traffic police report on. */
export interface RoadPath {
  id: string;
  path: [number, number][];
  class: string;
  district: string | null;
  lengthM: number;
}

export interface TrafficLayerOptions {
  visible?: boolean;
  /** The live traffic store's rev: colours are re-evaluated only when it moves (geometry never is). */
  rev: number;
  levelOf: (roadId: string) => CongestionLevel | undefined;
  /** Root font size / 16: line widths follow the wall's type scale. */
  scale?: number;
}

/** Arterials drawn wider than side streets (px at scale 1). */
const CLASS_WIDTH: Record<string, number> = {
  motorway: 4.5,
  trunk: 4,
  primary: 3.2,
  secondary: 2.6,
  tertiary: 2,
  residential: 1.4,
};

const NO_STATE: [number, number, number, number] = [0, 0, 0, 0];

export function trafficColor(level: CongestionLevel | undefined): [number, number, number, number] {
  return level ? [...CONGESTION_RGB[level], 230] : NO_STATE;
}

export function roadWidth(roadClass: string): number {
  return CLASS_WIDTH[roadClass] ?? 1.4;
}

/** Road segments coloured by their latest congestion level; roads without a state stay transparent. */
export function createTrafficLayer(roads: readonly RoadPath[], opts: TrafficLayerOptions) {
  const scale = opts.scale ?? 1;
  return new PathLayer<RoadPath>({
    id: TRAFFIC_LAYER_ID,
    data: roads as RoadPath[],
    visible: opts.visible ?? true,
    pickable: false,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
    getPath: (r) => r.path,
    getWidth: (r) => roadWidth(r.class) * scale,
    getColor: (r) => trafficColor(opts.levelOf(r.id)),
    updateTriggers: { getColor: opts.rev, getWidth: scale },
  });
}
