import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, type RefObject } from 'react';
import type { Lang } from '../i18n';
import { loadBasemapFonts } from './basemap-fonts';
import { BASEMAP_ATTRIBUTION, createBasemapStyle } from './basemap-style';
import type { LayerBinding } from './layer-binding';

export interface MapViewProps {
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  lang: Lang;
  bindings: readonly LayerBinding[];
  onLoad?: () => void;
  /** Called after deck.gl has drawn the layers built from the current live state. */
  onLayersDrawn?: () => void;
}

type Callbacks = Pick<MapViewProps, 'onLoad' | 'onLayersDrawn'>;

/**
 * MapLibre basemap (our own offline tiles, fonts and sprites) with deck.gl layers interleaved into it
 * (MapboxOverlay). CJK labels are drawn with the self-hosted Noto Sans SC, whose subsets are loaded first.
 */
export function MapView({ center, zoom, bounds, lang, bindings, onLoad, onLayersDrawn }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const callbacks = useRef<Callbacks>({ onLoad, onLayersDrawn });
  useEffect(() => {
    callbacks.current = { onLoad, onLayersDrawn };
  }, [onLoad, onLayersDrawn]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let dispose = () => {
      disposed = true;
    };
    // CJK label glyphs are drawn once from the web font: its subsets must be loaded before the map draws.
    void loadBasemapFonts(window.location.origin).then(() => {
      if (!disposed) dispose = createMap(el, { center, zoom, bounds, lang, bindings }, callbacks);
    });
    return () => dispose();
    // The map is created once per language and binding set; centre/zoom/bounds are initial values only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, bindings]);

  return <div ref={container} className="map-view" data-testid="map" />;
}

function createMap(
  el: HTMLDivElement,
  p: Pick<MapViewProps, 'center' | 'zoom' | 'bounds' | 'lang' | 'bindings'>,
  callbacks: RefObject<Callbacks>,
): () => void {
  const m = new maplibregl.Map({
    container: el,
    style: createBasemapStyle(window.location.origin, { lang: p.lang }),
    center: p.center,
    zoom: p.zoom,
    minZoom: 10.5,
    maxBounds: [
      [p.bounds[0] - 0.3, p.bounds[1] - 0.2],
      [p.bounds[2] + 0.3, p.bounds[3] + 0.2],
    ],
    localIdeographFontFamily: '"Noto Sans SC", sans-serif',
    attributionControl: { compact: false, customAttribution: BASEMAP_ATTRIBUTION },
    fadeDuration: 0,
  });
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    onAfterRender: () => callbacks.current.onLayersDrawn?.(),
  });
  m.addControl(overlay);

  let frame: number | null = null;
  const rebuild = () => {
    frame = null;
    overlay.setProps({ layers: p.bindings.map((b) => b.build()).filter((l) => l !== null) });
  };
  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(rebuild);
  };
  const unsubscribers = p.bindings.map((b) => b.subscribe(schedule));
  m.on('load', () => {
    rebuild();
    callbacks.current.onLoad?.();
  });
  return () => {
    unsubscribers.forEach((u) => u());
    if (frame !== null) cancelAnimationFrame(frame);
    m.removeControl(overlay);
    m.remove();
  };
}
