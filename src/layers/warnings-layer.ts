import { CompositeLayer, type DefaultProps } from '@deck.gl/core';
import { PolygonLayer, TextLayer } from '@deck.gl/layers';
import type { Warning, WarningLevel } from '../contract/entities';
import { WARNING_RGB } from '../theme/palette';

export const WARNINGS_LAYER_ID = 'warnings';

/** One CAP polygon of an active warning, with where its headline goes. */
export interface WarningShape {
  id: string;
  level: WarningLevel;
  headline: string;
  polygon: [number, number][];
  /** Centre of the polygon's bounding box: where the headline is written. */
  labelAt: [number, number];
  /** Only the first polygon of a warning carries its headline. */
  labelled: boolean;
}

const LEVEL_ORDER: Record<WarningLevel, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };

/**
 * Active warnings' polygons, most severe last (drawn on top). A warning area is often far larger than the city
 * shown (a whole province): its headline goes to the middle of the part inside `view`, so it stays on screen.
 */
export function warningShapes(
  warnings: Iterable<Warning>,
  view: readonly [number, number, number, number] = [-180, -90, 180, 90],
): WarningShape[] {
  const out: WarningShape[] = [];
  const sorted = [...warnings]
    .filter((w) => w.active)
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.sent.localeCompare(b.sent));
  for (const w of sorted) {
    let first = true;
    for (const area of w.areas) {
      for (const ring of area.polygons) {
        let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
        for (const [x, y] of ring) {
          west = Math.min(west, x);
          east = Math.max(east, x);
          south = Math.min(south, y);
          north = Math.max(north, y);
        }
        out.push({
          id: w.id,
          level: w.level,
          headline: w.headline,
          polygon: ring as [number, number][],
          // Near the top of the part in view: the middle of a city is where the event clusters are.
          labelAt: [
            (Math.max(west, view[0]) + Math.min(east, view[2])) / 2,
            Math.max(south, view[1]) + 0.8 * (Math.min(north, view[3]) - Math.max(south, view[1])),
          ],
          labelled: first,
        });
        first = false;
      }
    }
  }
  return out;
}

export interface WarningsLayerOptions {
  visible?: boolean;
  rev: number;
  scale?: number;
  /** Whether the headline's glyphs are loaded (canvas text shows boxes otherwise): no labels until then. */
  labels?: boolean;
}

interface Props {
  data: WarningShape[];
  rev: number;
  scale: number;
  labels: boolean;
}

const LABELLED = new WeakMap<WarningShape[], WarningShape[]>();
const labelledOf = (d: WarningShape[]) => {
  let a = LABELLED.get(d);
  if (!a) LABELLED.set(d, (a = d.filter((s) => s.labelled)));
  return a;
};

class WarningsLayer extends CompositeLayer<Props> {
  static override layerName = 'WarningsLayer';
  static override defaultProps: DefaultProps<Props> = {
    data: { type: 'data', value: [] },
    rev: 0,
    scale: 1,
    labels: false,
  };

  override renderLayers() {
    const { data, rev, scale, labels } = this.props;
    return [
      new PolygonLayer<WarningShape>(
        this.getSubLayerProps({
          id: 'areas',
          data,
          stroked: true,
          filled: true,
          lineWidthUnits: 'pixels',
          getPolygon: (s: WarningShape) => s.polygon,
          getFillColor: (s: WarningShape) => [...WARNING_RGB[s.level], 24],
          getLineColor: (s: WarningShape) => [...WARNING_RGB[s.level], 230],
          getLineWidth: 2.5 * scale,
          updateTriggers: { getFillColor: rev, getLineColor: rev, getLineWidth: scale },
        }),
      ),
      labels &&
        new TextLayer<WarningShape>(
          this.getSubLayerProps({
            id: 'headlines',
            data: labelledOf(data),
            getPosition: (s: WarningShape) => s.labelAt,
            getText: (s: WarningShape) => s.headline,
            getSize: 17 * scale,
            sizeUnits: 'pixels',
            getColor: (s: WarningShape) => [...WARNING_RGB[s.level], 255],
            fontFamily: '"Noto Sans SC", sans-serif',
            fontWeight: 700,
            characterSet: 'auto',
            maxWidth: 24,
            wordBreak: 'break-all',
            background: true,
            getBackgroundColor: [6, 11, 22, 225],
            backgroundPadding: [8 * scale, 4 * scale],
            getBorderColor: (s: WarningShape) => [...WARNING_RGB[s.level], 255],
            getBorderWidth: 1.5 * scale,
            updateTriggers: { getText: rev, getColor: rev, getPosition: rev },
          }),
        ),
    ];
  }
}

/** Active CAP warnings: polygons tinted by warning level, each warning's headline written over its area. */
export function createWarningsLayer(data: readonly WarningShape[], opts: WarningsLayerOptions) {
  return new WarningsLayer({
    id: WARNINGS_LAYER_ID,
    data: data as WarningShape[],
    visible: opts.visible ?? true,
    pickable: false,
    rev: opts.rev,
    scale: opts.scale ?? 1,
    labels: opts.labels ?? false,
  });
}
