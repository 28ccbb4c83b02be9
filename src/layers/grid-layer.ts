import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { FieldWorker } from '../contract/entities';
import type { GridCellFeature } from '../contract/map-data';
import { GRID_RAMP, WORKER_RGB } from '../theme/palette';

export const GRID_LAYER_ID = 'grid';

/** One drawable ring set of a unit-grid cell (a MultiPolygon cell gives several). */
export interface GridCellShape {
  code: string;
  polygon: [number, number][][];
}

export function cellShapes(cells: readonly GridCellFeature[]): GridCellShape[] {
  const out: GridCellShape[] = [];
  for (const f of cells) {
    const code = f.properties.code;
    if (f.geometry.type === 'Polygon')
      out.push({ code, polygon: f.geometry.coordinates as [number, number][][] });
    else for (const p of f.geometry.coordinates) out.push({ code, polygon: p as [number, number][][] });
  }
  return out;
}

/** Upper bounds of the choropleth classes (1, 2, 3–4, 5–9, 10+ open events). */
const CLASS_UPPER = [1, 2, 4, 9, Infinity];

export function gridFill(count: number): [number, number, number, number] {
  if (count <= 0) return [0, 0, 0, 0];
  const i = CLASS_UPPER.findIndex((u) => count <= u);
  return [...GRID_RAMP[i]!, 150];
}

export interface GridLayerOptions {
  visible?: boolean;
  /** Open events per cell code. */
  countOf: (code: string) => number;
  /** Changes when the counts change. */
  countsRev: number;
  workers: readonly FieldWorker[];
  workersRev: number;
  scale?: number;
}

interface Props {
  data: GridCellShape[];
  countOf: (code: string) => number;
  countsRev: number;
  workers: FieldWorker[];
  workersRev: number;
  scale: number;
}

const ON_DUTY = new WeakMap<FieldWorker[], FieldWorker[]>();
const onDuty = (w: FieldWorker[]) => {
  let a = ON_DUTY.get(w);
  if (!a) ON_DUTY.set(w, (a = w.filter((x) => x.status !== 'off-duty')));
  return a;
};

class GridCasesLayer extends CompositeLayer<Props> {
  static override layerName = 'GridCasesLayer';
  static override defaultProps: DefaultProps<Props> = {
    data: { type: 'data', value: [] },
    countOf: { type: 'function', value: () => 0 },
    countsRev: 0,
    workers: { type: 'data', value: [] },
    workersRev: 0,
    scale: 1,
  };

  override renderLayers() {
    const { data, countOf, countsRev, workers, workersRev, scale } = this.props;
    return [
      new PolygonLayer<GridCellShape>(
        this.getSubLayerProps({
          id: 'cells',
          data,
          stroked: true,
          filled: true,
          lineWidthUnits: 'pixels',
          getPolygon: (c: GridCellShape) => c.polygon,
          getFillColor: (c: GridCellShape) => gridFill(countOf(c.code)),
          getLineColor: (c: GridCellShape) => (countOf(c.code) > 0 ? [190, 120, 230, 160] : [0, 0, 0, 0]),
          getLineWidth: 1,
          updateTriggers: { getFillColor: countsRev, getLineColor: countsRev },
        }),
      ),
      new ScatterplotLayer<FieldWorker>(
        this.getSubLayerProps({
          id: 'workers',
          data: onDuty(workers),
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          getPosition: (w: FieldWorker) => [w.location.lon, w.location.lat],
          getRadius: 4.5 * scale,
          getFillColor: (w: FieldWorker) => [...WORKER_RGB[w.status], 255],
          getLineColor: [6, 11, 22, 255],
          getLineWidth: 1.5 * scale,
          updateTriggers: { getPosition: workersRev, getFillColor: workersRev },
        }),
      ),
    ];
  }
}

/** Unit-grid cells shaded by their open events (choropleth), with grid workers' live positions on top. */
export function createGridLayer(cells: readonly GridCellShape[], opts: GridLayerOptions) {
  return new GridCasesLayer({
    id: GRID_LAYER_ID,
    data: cells as GridCellShape[],
    visible: opts.visible ?? true,
    pickable: false,
    countOf: opts.countOf,
    countsRev: opts.countsRev,
    workers: opts.workers as FieldWorker[],
    workersRev: opts.workersRev,
    scale: opts.scale ?? 1,
  });
}
