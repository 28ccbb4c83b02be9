import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Sensor } from '../contract/entities';
import { ALARM_RGB, SENSOR_RGB } from '../theme/palette';
import { pulseRing } from './pulse';

export const SENSORS_LAYER_ID = 'sensors';

export interface SensorsLayerOptions {
  visible?: boolean;
  rev: number;
  phase?: number;
  scale?: number;
}

interface Props {
  data: Sensor[];
  rev: number;
  phase: number;
  scale: number;
}

const pos = (s: Sensor): [number, number] => [s.location.lon, s.location.lat];

export function sensorColor(s: Sensor): [number, number, number, number] {
  return s.alarm ? [...ALARM_RGB, 255] : [...SENSOR_RGB[s.type], 210];
}

const ALARMS = new WeakMap<Sensor[], Sensor[]>();
const alarmsOf = (data: Sensor[]) => {
  let a = ALARMS.get(data);
  if (!a) ALARMS.set(data, (a = data.filter((s) => s.alarm)));
  return a;
};

class SensorsLayer extends CompositeLayer<Props> {
  static override layerName = 'SensorsLayer';
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
      new ScatterplotLayer<Sensor>(
        this.getSubLayerProps({
          id: 'points',
          data,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          getPosition: pos,
          getRadius: (s: Sensor) => (s.alarm ? 6.5 : 4) * scale,
          getFillColor: sensorColor,
          getLineColor: [6, 11, 22, 255],
          getLineWidth: scale,
          updateTriggers: {
            getPosition: rev,
            getRadius: [rev, scale],
            getFillColor: rev,
            getLineWidth: scale,
          },
        }),
      ),
      new ScatterplotLayer<Sensor>(
        this.getSubLayerProps({
          id: 'alarms',
          data: alarmsOf(data),
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: false,
          getPosition: pos,
          getRadius: 11 * scale * ring.scale,
          getLineColor: [...ALARM_RGB, ring.alpha],
          getLineWidth: 2.5 * scale,
          updateTriggers: { getPosition: rev },
        }),
      ),
    ];
  }
}

/** IoT sensors coloured by type; a sensor in alarm is red and pulses until the alarm clears. */
export function createSensorsLayer(data: readonly Sensor[], opts: SensorsLayerOptions) {
  return new SensorsLayer({
    id: SENSORS_LAYER_ID,
    data: data as Sensor[],
    visible: opts.visible ?? true,
    pickable: false,
    rev: opts.rev,
    phase: opts.phase ?? 0,
    scale: opts.scale ?? 1,
  });
}
