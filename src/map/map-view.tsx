import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import type { Lang } from '../i18n';
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

/**
 * MapLibre basemap (our own offline tiles, fonts and sprites) with deck.gl layers interleaved into it
 * (MapboxOverlay). CJK labels are drawn with the self-hosted Noto Sans SC via localIdeographFontFamily.
 */
export function MapView({ center, zoom, bounds, lang, bindings, onLoad, onLayersDrawn }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const callbacks = useRef({ onLoad, onLayersDrawn });
  useEffect(() => {
    callbacks.current = { onLoad, onLayersDrawn };
  }, [onLoad, onLayersDrawn]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const m = new maplibregl.Map({
      container: el,
      style: createBasemapStyle(window.location.origin, { lang }),
      center,
      zoom,
      maxBounds: [
        [bounds[0] - 0.3, bounds[1] - 0.2],
        [bounds[2] + 0.3, bounds[3] + 0.2],
      ],
      localIdeographFontFamily: '"Noto Sans SC", sans-serif',
      attributionControl: { compact: false, customAttribution: BASEMAP_ATTRIBUTION },
      fadeDuration: 0,
    });
    map.current = m;
    const overlay = new MapboxOverlay({
      interleaved: true,
      layers: [],
      onAfterRender: () => callbacks.current.onLayersDrawn?.(),
    });
    m.addControl(overlay);

    let frame: number | null = null;
    const rebuild = () => {
      frame = null;
      overlay.setProps({ layers: bindings.map((b) => b.build()).filter((l) => l !== null) });
    };
    const schedule = () => {
      if (frame === null) frame = requestAnimationFrame(rebuild);
    };
    const unsubscribers = bindings.map((b) => b.subscribe(schedule));
    m.on('load', () => {
      rebuild();
      callbacks.current.onLoad?.();
    });
    return () => {
      unsubscribers.forEach((u) => u());
      if (frame !== null) cancelAnimationFrame(frame);
      m.removeControl(overlay);
      m.remove();
      map.current = null;
    };
    // The map is created once per language and binding set; centre/zoom are initial values only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, bindings]);

  return <div ref={container} className="map-view" data-testid="map" />;
}
