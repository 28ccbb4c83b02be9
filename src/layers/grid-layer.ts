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

/**
 * Upper bounds of the five choropleth classes: quintiles of the non-zero cell counts, so the map shows where
 * cases concentrate whether the city has 50 open cases or 50 000 (fixed classes saturate one way or the other).
 */
export function gridBreaks(counts: Iterable<number>): number[] {
  const sorted = [...counts].filter((n) => n > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [1, 2, 3, 4];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

export function gridFill(count: number, breaks: readonly number[]): [number, number, number, number] {
  if (count <= 0) return [0, 0, 0, 0];
  let i = breaks.findIndex((u) => count <= u);
  if (i < 0) i = GRID_RAMP.length - 1;
  return [...GRID_RAMP[i]!, 95];
}

export interface GridLayerOptions {
  visible?: boolean;
  /** Open events per cell code. */
  countOf: (code: string) => number;
  /** Class bounds of the shading (gridBreaks of the counts). */
  breaks: readonly number[];
  /** Changes when the counts change. */
  countsRev: number;
  workers: readonly FieldWorker[];
  workersRev: number;
  scale?: number;
}

interface Props {
  data: GridCellShape[];
  countOf: (code: string) => number;
  breaks: readonly number[];
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
    breaks: { type: 'array', value: [1, 2, 3, 4] },
    countsRev: 0,
    workers: { type: 'data', value: [] },
    workersRev: 0,
    scale: 1,
  };

  override renderLayers() {
    const { data, countOf, breaks, countsRev, workers, workersRev, scale } = this.props;
    return [
      new PolygonLayer<GridCellShape>(
        this.getSubLayerProps({
          id: 'cells',
          data,
          stroked: false,
          filled: true,
          getPolygon: (c: GridCellShape) => c.polygon,
          getFillColor: (c: GridCellShape) => gridFill(countOf(c.code), breaks),
          updateTriggers: { getFillColor: countsRev },
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
    breaks: opts.breaks,
    countsRev: opts.countsRev,
    workers: opts.workers as FieldWorker[],
    workersRev: opts.workersRev,
    scale: opts.scale ?? 1,
  });
}
