import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Camera } from '../contract/entities';
import { ALARM_RGB, CAMERA_RGB } from '../theme/palette';
import { pulseRing } from './pulse';

export const CAMERAS_LAYER_ID = 'cameras';

export interface CamerasLayerOptions {
  visible?: boolean;
  rev: number;
  phase?: number;
  scale?: number;
}

interface Props {
  data: Camera[];
  rev: number;
  phase: number;
  scale: number;
}

const pos = (c: Camera): [number, number] => [c.location.lon, c.location.lat];
export const hasAiAlarm = (c: Camera) => c.alarmEventId !== null;

export function cameraColor(c: Camera): [number, number, number, number] {
  if (hasAiAlarm(c)) return [...ALARM_RGB, 255];
  return c.online ? [...CAMERA_RGB.online, 220] : [...CAMERA_RGB.offline, 170];
}

const ALARMS = new WeakMap<Camera[], Camera[]>();
const alarmsOf = (data: Camera[]) => {
  let a = ALARMS.get(data);
  if (!a) ALARMS.set(data, (a = data.filter(hasAiAlarm)));
  return a;
};

class CamerasLayer extends CompositeLayer<Props> {
  static override layerName = 'CamerasLayer';
  static override defaultProps: DefaultProps<Props> = {
    data: { type: 'data', value: [] },
    rev: 0,
    phase: 0,
    scale: 1,
  };

  override renderLayers() {
    const { data, rev, phase, scale } = this.props;
    const ring = pulseRing(phase);
    return [
      new ScatterplotLayer<Camera>(
        this.getSubLayerProps({
          id: 'points',
          data,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          getPosition: pos,
          getRadius: (c: Camera) => (hasAiAlarm(c) ? 7 : 4) * scale,
          getFillColor: cameraColor,
          // Offline cameras get a dashed look by a hollow dark centre ring; online ones a thin dark edge.
          getLineColor: (c: Camera) => (c.online ? [6, 11, 22, 255] : [200, 210, 225, 200]),
          getLineWidth: (c: Camera) => (hasAiAlarm(c) ? 2.5 : 1) * scale,
          updateTriggers: {
            getPosition: rev,
            getRadius: [rev, scale],
            getFillColor: rev,
            getLineColor: rev,
            getLineWidth: [rev, scale],
          },
        }),
      ),
      new ScatterplotLayer<Camera>(
        this.getSubLayerProps({
          id: 'alarms',
          data: alarmsOf(data),
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: false,
          getPosition: pos,
          getRadius: 12 * scale * ring.scale,
          getLineColor: [...ALARM_RGB, ring.alpha],
          getLineWidth: 2.5 * scale,
          updateTriggers: { getPosition: rev },
        }),
      ),
    ];
  }
}

/** Cameras of the video network: online (blue) or offline (grey); an open AI alarm is red with a pulsing ring. */
export function createCamerasLayer(data: readonly Camera[], opts: CamerasLayerOptions) {
  return new CamerasLayer({
    id: CAMERAS_LAYER_ID,
    data: data as Camera[],
    visible: opts.visible ?? true,
    pickable: false,
    rev: opts.rev,
    phase: opts.phase ?? 0,
    scale: opts.scale ?? 1,
  });
}
