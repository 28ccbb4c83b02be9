import { LAYER_IDS, type LayerId } from '../../map/layer-binding';

export const LAYOUTS = ['standard', 'wide', 'portrait', 'map-only'] as const;
export type LayoutPreset = (typeof LAYOUTS)[number];

/** What one display shows, from its URL: `/wall?layout=wide&district=310101&layers=traffic,events`. */
export interface WallParams {
  /** `auto` picks by the display's shape (see resolveLayout). */
  layout: LayoutPreset | 'auto';
  /** GB/T 2260 district the display focuses on (map fitted, live data filtered), or null for the city. */
  district: string | null;
  layers: ReadonlySet<LayerId>;
  /** Panels to fail on purpose (`failPanel=`), the error-isolation drill. */
  failPanels: readonly string[];
  /** The client benchmark's hook (`bench=1`): exposes `window.__cityBrainBench`. */
  bench: boolean;
  /** A read-only view of the live state (`debug=1`): `window.__cityBrainWall`. */
  debug: boolean;
}

export function parseWallParams(search: string): WallParams {
  const q = new URLSearchParams(search);
  const layout = q.get('layout');
  const district = q.get('district');
  const layers = q.get('layers');
  return {
    layout: (LAYOUTS as readonly string[]).includes(layout ?? '') ? (layout as LayoutPreset) : 'auto',
    district: district && /^\d{6}$/.test(district) ? district : null,
    layers:
      layers === null
        ? new Set(LAYER_IDS)
        : new Set(
            layers
              .split(',')
              .map((s) => s.trim())
              .filter((s): s is LayerId => (LAYER_IDS as readonly string[]).includes(s)),
          ),
    failPanels: q
      .getAll('failPanel')
      .flatMap((v) => v.split(','))
      .filter(Boolean),
    bench: q.get('bench') === '1',
    debug: q.get('debug') === '1',
  };
}

/** Serializes the layer set back into the URL (toggles survive a reload of the display). */
export function withLayers(search: string, layers: ReadonlySet<LayerId>): string {
  const q = new URLSearchParams(search);
  if (layers.size === LAYER_IDS.length) q.delete('layers');
  else q.set('layers', LAYER_IDS.filter((id) => layers.has(id)).join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `auto`: spliced walls (wider than 2.4:1) get the wide preset, portrait displays the portrait one. */
export function resolveLayout(preset: LayoutPreset | 'auto', width: number, height: number): LayoutPreset {
  if (preset !== 'auto') return preset;
  if (height > width) return 'portrait';
  return width / height >= 2.4 ? 'wide' : 'standard';
}
