import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { WarningLevel } from '../contract/entities';
import { WARNING_RGB } from '../theme/palette';

export const DRAW_AREA_LAYER_ID = 'draw-area';

interface Props {
  points: [number, number][];
  level: WarningLevel;
  scale: number;
}

/** The warning area an officer is drawing: its vertices, and the polygon once there are three. */
class DrawAreaLayer extends CompositeLayer<Props> {
  static override layerName = 'DrawAreaLayer';
  static override defaultProps: DefaultProps<Props> = {
    points: { type: 'object', value: [] },
    level: 'red',
    scale: 1,
  };

  override renderLayers() {
    const { points, level, scale } = this.props;
    const rgb = WARNING_RGB[level];
    return [
      new PolygonLayer<[number, number][]>(
        this.getSubLayerProps({
          id: 'area',
          data: points.length >= 3 ? [points] : [],
          getPolygon: (p: [number, number][]) => p,
          getFillColor: [...rgb, 50],
          getLineColor: [...rgb, 230],
          lineWidthUnits: 'pixels',
          getLineWidth: 2 * scale,
          stroked: true,
          updateTriggers: { getFillColor: level, getLineColor: level },
        }),
      ),
      new ScatterplotLayer<[number, number]>(
        this.getSubLayerProps({
          id: 'vertices',
          data: points,
          radiusUnits: 'pixels',
          getPosition: (p: [number, number]) => p,
          getRadius: 4 * scale,
          getFillColor: [...rgb, 255],
        }),
      ),
    ];
  }
}

export function createDrawAreaLayer(
  points: [number, number][],
  opts: { level: WarningLevel; scale?: number },
) {
  return new DrawAreaLayer({ id: DRAW_AREA_LAYER_ID, points, level: opts.level, scale: opts.scale ?? 1 });
}
