import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Severity } from '../contract/event';
import { SEVERITY_RGB } from '../theme/palette';
import type { EventCluster } from './event-clusters';
import { iconKey, type IconAtlas } from './event-icons';
import { pulseRing } from './pulse';

export const EVENTS_LAYER_ID = 'events';

/** A new severe event that pulses for a while after it arrived. */
export interface EventPulse {
  id: string;
  position: [number, number];
  severity: Severity;
}

export interface EventsLayerOptions {
  visible?: boolean;
  /** Changes whenever the clusters' contents change: accessors are re-evaluated only then. */
  rev: number;
  pulses?: readonly EventPulse[];
  /** Pulse phase in [0, 1). */
  phase?: number;
  /** Category icons for single events; null until the atlas is drawn (singles are then dots). */
  icons?: IconAtlas | null;
  /** Root font size / 16: marker and label sizes follow the wall's type scale. */
  scale?: number;
}

interface Props extends Required<Omit<EventsLayerOptions, 'visible'>> {
  data: EventCluster[];
}

/**
 * Cluster radius in px (at scale 1): grows with the log of the count (10 000 is not 100× a 100) and stays
 * below half the clustering distance, so neighbouring clusters do not overlap.
 */
export function clusterRadius(count: number): number {
  return count <= 1 ? 6 : Math.min(10 + 2.2 * Math.log2(count), 32);
}

export function clusterColor(c: Pick<EventCluster, 'worst'>, alpha = 235): [number, number, number, number] {
  return [...SEVERITY_RGB[c.worst], alpha];
}

const isCluster = (c: EventCluster) => c.count > 1;

interface Split {
  clusters: EventCluster[];
  singles: EventCluster[];
  labelled: EventCluster[];
}
/** Sub-layer data per data array, so a pulse tick (new phase) re-renders with the same arrays. */
const SPLITS = new WeakMap<EventCluster[], Split>();
function split(data: EventCluster[]): Split {
  let s = SPLITS.get(data);
  if (!s) {
    const clusters = data.filter(isCluster);
    s = { clusters, singles: data.filter((c) => !isCluster(c)), labelled: clusters };
    SPLITS.set(data, s);
  }
  return s;
}

class EventsLayer extends CompositeLayer<Props> {
  static override layerName = 'EventsLayer';
  static override defaultProps: DefaultProps<Props> = {
    data: { type: 'data', value: [] },
    rev: 0,
    pulses: { type: 'data', value: [] },
    phase: 0,
    icons: null,
    scale: 1,
  };

  override renderLayers() {
    const { data, rev, pulses, phase, icons, scale } = this.props;
    const parts = split(data);
    const clusters = icons ? parts.clusters : data;
    const singles = icons ? parts.singles : [];
    const ring = pulseRing(phase);
    return [
      new ScatterplotLayer<EventCluster>(
        this.getSubLayerProps({
          id: 'clusters',
          data: clusters,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          getPosition: (c: EventCluster) => c.position,
          getRadius: (c: EventCluster) => clusterRadius(c.count) * scale,
          getFillColor: (c: EventCluster) => clusterColor(c, c.count > 1 ? 215 : 240),
          getLineColor: [6, 11, 22, 255],
          getLineWidth: 1.5 * scale,
          updateTriggers: {
            getPosition: rev,
            getRadius: [rev, scale],
            getFillColor: rev,
            getLineWidth: scale,
          },
        }),
      ),
      new TextLayer<EventCluster>(
        this.getSubLayerProps({
          id: 'counts',
          data: parts.labelled,
          getPosition: (c: EventCluster) => c.position,
          getText: (c: EventCluster) => String(c.count),
          getSize: (c: EventCluster) => (c.count >= 1000 ? 12 : 14) * scale,
          getColor: (c: EventCluster) => (c.worst === 'III' ? [20, 20, 20, 255] : [255, 255, 255, 255]),
          fontFamily: '"Noto Sans SC", sans-serif',
          fontWeight: 700,
          characterSet: '0123456789',
          sizeUnits: 'pixels',
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
          updateTriggers: { getPosition: rev, getText: rev, getSize: [rev, scale], getColor: rev },
        }),
      ),
      icons &&
        new IconLayer<EventCluster>(
          this.getSubLayerProps({
            id: 'icons',
            data: singles,
            // deck.gl's image props take a canvas at run time (a TextureSource); the prop's type names only URL
            // strings and Textures.
            iconAtlas: icons.image as unknown as string,
            iconMapping: icons.mapping,
            sizeUnits: 'pixels',
            getPosition: (c: EventCluster) => c.position,
            getIcon: (c: EventCluster) => iconKey(c.event!.category, c.worst),
            getSize: (c: EventCluster) => (c.worst === 'I' || c.worst === 'II' ? 34 : 28) * scale,
            updateTriggers: { getPosition: rev, getIcon: rev, getSize: [rev, scale] },
          }),
        ),
      new ScatterplotLayer<EventPulse>(
        this.getSubLayerProps({
          id: 'pulse',
          data: pulses,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: false,
          getPosition: (p: EventPulse) => p.position,
          getRadius: 18 * scale * ring.scale,
          getLineColor: (p: EventPulse) => [...SEVERITY_RGB[p.severity], ring.alpha],
          getLineWidth: 3 * scale,
          updateTriggers: { getLineColor: phase, getPosition: pulses },
        }),
      ),
    ];
  }
}

/**
 * Live events, clustered: each cluster is coloured by its worst severity and labelled with its exact count;
 * single events are category icons; a new severe event pulses. `data` comes from `clustersAt`.
 */
export function createEventsLayer(data: readonly EventCluster[], opts: EventsLayerOptions) {
  return new EventsLayer({
    id: EVENTS_LAYER_ID,
    data: data as EventCluster[],
    visible: opts.visible ?? true,
    pickable: false,
    rev: opts.rev,
    pulses: (opts.pulses ?? []) as EventPulse[],
    phase: opts.phase ?? 0,
    icons: opts.icons ?? null,
    scale: opts.scale ?? 1,
  });
}
