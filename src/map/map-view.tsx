import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, type RefObject } from 'react';
import type { BBox } from '../contract/geo';
import type { Lang } from '../i18n';
import { pulsePhase } from '../layers/pulse';
import { loadBasemapFonts } from './basemap-fonts';
import { BASEMAP_ATTRIBUTION, createBasemapStyle } from './basemap-style';
import type { LayerBinding, LayerId } from './layer-binding';

export interface MapViewProps {
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  lang: Lang;
  bindings: readonly LayerBinding[];
  /** Layers shown; the others are kept (hidden with `visible: false`, never removed and re-created). */
  visible: ReadonlySet<LayerId>;
  /** Fit the map to this box once loaded (a display focused on one district). */
  focus?: BBox | undefined;
  onLoad?: () => void;
  /** Called after deck.gl has drawn the layers built from the current live state. */
  onLayersDrawn?: () => void;
  /**
   * A click on the map at [lon, lat] (e.g. the console drawing a warning area), with the click's screen point and
   * the map's projection at that moment (e.g. to pick the camera drawn nearest to the click, in pixels).
   */
  onMapClick?: (lonLat: [number, number], at: MapClickAt) => void;
}

export interface MapClickAt {
  point: [number, number];
  project(lonLat: [number, number]): [number, number];
}

type Live = Pick<MapViewProps, 'onLoad' | 'onLayersDrawn' | 'visible' | 'onMapClick'>;

/** Pulsing layers redraw at this rate at most: enough for a visible pulse, cheap on a wall PC. */
const ANIMATION_FRAME_MS = 80;
/** Minimum gap between two rebuilds of the layers, ms (animation ticks are paced separately). */
const MIN_REBUILD_MS = 250;
/** The ring drawn when motion is reduced: clearly visible, not at full size. */
const STILL_PHASE = 0.35;

/**
 * MapLibre basemap (our own offline tiles, fonts and sprites) with deck.gl layers interleaved into it
 * (MapboxOverlay). CJK labels are drawn with the self-hosted Noto Sans SC, whose subsets are loaded first.
 */
export function MapView({
  center,
  zoom,
  bounds,
  lang,
  bindings,
  visible,
  focus,
  onLoad,
  onLayersDrawn,
  onMapClick,
}: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const live = useRef<Live>({ onLoad, onLayersDrawn, visible, onMapClick });
  const reschedule = useRef<() => void>(() => undefined);
  useEffect(() => {
    live.current = { onLoad, onLayersDrawn, visible, onMapClick };
    reschedule.current();
  }, [onLoad, onLayersDrawn, visible, onMapClick]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let dispose = () => {
      disposed = true;
    };
    // CJK label glyphs are drawn once from the web font: its subsets must be loaded before the map draws.
    void loadBasemapFonts(window.location.origin).then(() => {
      if (!disposed)
        dispose = createMap(el, { center, zoom, bounds, lang, bindings, focus }, live, reschedule);
    });
    return () => dispose();
    // The map is created once per language and binding set; centre/zoom/bounds/focus are initial values only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, bindings]);

  return <div ref={container} className="map-view" data-testid="map" />;
}

function createMap(
  el: HTMLDivElement,
  p: Pick<MapViewProps, 'center' | 'zoom' | 'bounds' | 'lang' | 'bindings' | 'focus'>,
  live: RefObject<Live>,
  reschedule: RefObject<() => void>,
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
    onAfterRender: () => live.current.onLayersDrawn?.(),
  });
  m.addControl(overlay);

  const still = window.matchMedia('(prefers-reduced-motion: reduce)');
  let frame: number | null = null;
  let tick: ReturnType<typeof setTimeout> | null = null;
  let loaded = false;
  const rebuild = () => {
    frame = null;
    if (!loaded) return;
    lastBuild = performance.now();
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const base = {
      zoom: m.getZoom(),
      // Reduced motion (an OS setting, or a wall PC too slow to animate): pulses are drawn as still rings.
      phase: still.matches ? STILL_PHASE : pulsePhase(performance.now()),
      scale: rootPx / 16,
    };
    const layers = p.bindings.map((b) => b.build({ ...base, visible: live.current.visible.has(b.id) }));
    overlay.setProps({ layers: layers.filter((l) => l !== null) });
    // What is drawn, for monitoring and the browser tests: ids, visibility and counts per layer.
    el.dataset['layers'] = JSON.stringify(
      p.bindings.map((b) => ({ id: b.id, visible: live.current.visible.has(b.id), ...b.stats?.() })),
    );
    const animating =
      !still.matches && p.bindings.some((b) => live.current.visible.has(b.id) && b.animating?.());
    if (animating && tick === null)
      tick = setTimeout(() => {
        tick = null;
        if (frame === null) frame = requestAnimationFrame(rebuild);
      }, ANIMATION_FRAME_MS);
  };
  // Data changes redraw the map at most 4 times a second: a wall needs no more, and a 7680-px map redraw is
  // the most expensive thing the page does.
  let lastBuild = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (frame !== null || pending !== null) return;
    const wait = lastBuild + MIN_REBUILD_MS - performance.now();
    if (wait <= 0) frame = requestAnimationFrame(rebuild);
    else
      pending = setTimeout(() => {
        pending = null;
        frame = requestAnimationFrame(rebuild);
      }, wait);
  };
  reschedule.current = schedule;
  const unsubscribers = p.bindings.map((b) => b.subscribe(schedule));
  m.on('zoomend', schedule);
  m.on('click', (e) =>
    live.current.onMapClick?.([e.lngLat.lng, e.lngLat.lat], {
      point: [e.point.x, e.point.y],
      project: (lonLat) => {
        const p = m.project(lonLat);
        return [p.x, p.y];
      },
    }),
  );
  m.on('load', () => {
    loaded = true;
    // Fit the city (or the focused district) to whatever size this wall is: the same picture on 1080p and 4K.
    m.fitBounds(p.focus ?? p.bounds, { padding: 16, animate: false });
    rebuild();
    live.current.onLoad?.();
  });
  return () => {
    reschedule.current = () => undefined;
    unsubscribers.forEach((u) => u());
    if (frame !== null) cancelAnimationFrame(frame);
    if (tick !== null) clearTimeout(tick);
    if (pending !== null) clearTimeout(pending);
    m.removeControl(overlay);
    m.remove();
  };
}
