import { ScatterplotLayer } from '@deck.gl/layers';
import type { NearbyCamera } from '../contract/console';
import type { Event } from '../contract/event';
import { CAMERA_RGB, SEVERITY_RGB } from '../theme/palette';

export const FOCUS_EVENT_LAYER_ID = 'focus-event';
export const FOCUS_CAMERAS_LAYER_ID = 'focus-cameras';

/** One event on the detail pane's small map: a ring in its severity colour around a dot. */
export function createFocusEventLayer(
  event: Pick<Event, 'id' | 'location' | 'severity'>,
  opts: { scale?: number } = {},
) {
  const scale = opts.scale ?? 1;
  return new ScatterplotLayer<Pick<Event, 'id' | 'location' | 'severity'>>({
    id: FOCUS_EVENT_LAYER_ID,
    data: [event],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    getPosition: (e) => [e.location.lon, e.location.lat],
    getRadius: 9 * scale,
    getFillColor: (e) => [...SEVERITY_RGB[e.severity], 220],
    getLineColor: [6, 11, 22, 255],
    getLineWidth: 2 * scale,
    updateTriggers: { getFillColor: event.severity },
  });
}

/** The cameras listed beside the map, online ones bright, offline ones grey. */
export function createFocusCamerasLayer(cameras: readonly NearbyCamera[], opts: { scale?: number } = {}) {
  const scale = opts.scale ?? 1;
  return new ScatterplotLayer<NearbyCamera>({
    id: FOCUS_CAMERAS_LAYER_ID,
    data: cameras as NearbyCamera[],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    getPosition: (c) => [c.location.lon, c.location.lat],
    getRadius: 5 * scale,
    getFillColor: (c) => [...(c.online ? CAMERA_RGB.online : CAMERA_RGB.offline), 230],
    getLineColor: [6, 11, 22, 255],
    getLineWidth: 1 * scale,
  });
}
