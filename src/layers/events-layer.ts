import { ScatterplotLayer } from '@deck.gl/layers';
import type { Event, Severity } from '../contract/event';
import { SEVERITY_RGB } from '../theme/palette';

export const EVENTS_LAYER_ID = 'events';

/** Severe events are drawn larger and on top, so a red dot is never hidden under blue ones. */
const RADIUS: Record<Severity, number> = { I: 11, II: 9, III: 7, IV: 5.5 };
const ORDER: Record<Severity, number> = { I: 3, II: 2, III: 1, IV: 0 };

export interface EventsLayerOptions {
  visible?: boolean;
  /** Changes whenever `data`'s contents change (the live store's rev): deck re-evaluates accessors only then. */
  rev: number;
}

/** Events as points coloured by severity (WGS-84 positions, as the contract guarantees). */
export function createEventsLayer(data: readonly Event[], opts: EventsLayerOptions) {
  return new ScatterplotLayer<Event>({
    id: EVENTS_LAYER_ID,
    data: data as Event[],
    visible: opts.visible ?? true,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (e) => [e.location.lon, e.location.lat],
    getRadius: (e) => RADIUS[e.severity],
    getFillColor: (e) => [...SEVERITY_RGB[e.severity], 230],
    getLineColor: [6, 11, 22, 255],
    getLineWidth: 1.5,
    updateTriggers: { getPosition: opts.rev, getRadius: opts.rev, getFillColor: opts.rev },
  });
}

/** Draw order: least severe first. */
export function sortForDrawing(events: Iterable<Event>): Event[] {
  return [...events].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || a.reportedAt.localeCompare(b.reportedAt),
  );
}
