import type { BBox } from '../../contract/geo';
import type { ResolvedTarget, Scene } from '../../contract/tour';
import type { MapCamera } from '../../map/map-view';

/** A point target (an event, a sensor) is shown this close unless the scene says otherwise. */
export const POINT_ZOOM = 15.5;
/** A box is never framed closer than this (a tiny box would zoom to the pavement). */
export const BOX_MAX_ZOOM = 16;

export type Framer = (
  bbox: BBox,
  opts: {
    bearing: number;
    padding: { top: number; right: number; bottom: number; left: number };
    maxZoom: number;
  },
) => { center: [number, number]; zoom: number } | null;

/**
 * Where the map goes for a scene: its own camera for a `view`, else its resolved target — a point at the scene's zoom,
 * a box framed clear of the narration and the panels — at the scene's bearing and pitch. A target that resolved to
 * nothing (no open event right now) shows the whole city, straight down.
 */
export function sceneCamera(
  scene: Scene,
  resolved: ResolvedTarget | null,
  city: { bounds: BBox },
  frame: Framer,
  padding: { top: number; right: number; bottom: number; left: number },
): MapCamera {
  const t = scene.target;
  if (t.kind === 'view') return { center: t.center, zoom: t.zoom, bearing: t.bearing, pitch: t.pitch };
  const bearing = scene.bearing ?? 0;
  const pitch = scene.pitch ?? 0;
  if (resolved?.found && resolved.center) {
    return { center: resolved.center, zoom: scene.maxZoom ?? POINT_ZOOM, bearing, pitch };
  }
  const box = resolved?.found && resolved.bbox ? withinCity(resolved.bbox, city.bounds) : city.bounds;
  const found = resolved?.found === true;
  const cam = frame(box, {
    bearing: found ? bearing : 0,
    padding,
    maxZoom: scene.maxZoom ?? BOX_MAX_ZOOM,
  });
  const center: [number, number] = cam?.center ?? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  return { center, zoom: cam?.zoom ?? 12, bearing: found ? bearing : 0, pitch: found ? pitch : 0 };
}

/**
 * The part of a box inside the city the product draws: a district that reaches far beyond the city pack's roads
 * (普陀区 runs out to the north-west) is framed where its data is, not around empty country. A box wholly outside
 * is kept as it is.
 */
export function withinCity(box: BBox, city: BBox): BBox {
  const clipped: BBox = [
    Math.max(box[0], city[0]),
    Math.max(box[1], city[1]),
    Math.min(box[2], city[2]),
    Math.min(box[3], city[3]),
  ];
  return clipped[0] < clipped[2] && clipped[1] < clipped[3] ? clipped : box;
}
