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
  /** Receives the map's camera controls once it has loaded (null when it goes): the tour flies with them. */
  controllerRef?: RefObject<MapController | null>;
}

/** Where the map looks: what `data-view` on the map element says after every move (tests, monitoring). */
export interface MapViewState {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
  /** [west, south, east, north] of what is on screen. */
  bounds: BBox;
}

/** A camera for `flyTo`. */
export interface MapCamera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/** The map's camera, for screens that move it themselves (the tour, the editor's preview). */
export interface MapController {
  /** Flies there (smoothly, unless motion is reduced); resolves when the map stops, arrived or interrupted. */
  flyTo(camera: MapCamera, durationMs: number): Promise<void>;
  /** The camera that frames `bbox` at `bearing`, keeping `padding` px clear, no closer than `maxZoom`. */
  cameraFor(
    bbox: BBox,
    opts: {
      bearing: number;
      padding: { top: number; right: number; bottom: number; left: number };
      maxZoom: number;
    },
  ): { center: [number, number]; zoom: number } | null;
  view(): MapViewState;
}

export interface MapClickAt {
  point: [number, number];
  project(lonLat: [number, number]): [number, number];
}

type Live = Pick<MapViewProps, 'onLoad' | 'onLayersDrawn' | 'visible' | 'onMapClick' | 'controllerRef'>;

/** Pulsing layers redraw at this rate at most: enough for a visible pulse, cheap on a wall PC. */
const ANIMATION_FRAME_MS = 80;
/** Minimum gap between two rebuilds of the layers, ms (animation ticks are paced separately). */
const MIN_REBUILD_MS = 250;
/**
 * Redraws may take at most 1/DRAW_SHARE of the page's time: a wall PC whose GPU needs a second for a 7680-px frame
 * (or software WebGL) redraws less often instead of starving the live socket, the panels and the clock.
 */
const DRAW_SHARE = 4;
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
  controllerRef,
}: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const live = useRef<Live>({ onLoad, onLayersDrawn, visible, onMapClick, controllerRef });
  // Redraws at once (not paced like data changes): what the operator or the tour asked for shows now.
  const redrawNow = useRef<() => void>(() => undefined);
  useEffect(() => {
    live.current = { onLoad, onLayersDrawn, visible, onMapClick, controllerRef };
  }, [onLoad, onLayersDrawn, visible, onMapClick, controllerRef]);
  // Only the visible layers change the picture; a new callback identity must not bypass the redraw pacing.
  useEffect(() => redrawNow.current(), [visible]);

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
        dispose = createMap(el, { center, zoom, bounds, lang, bindings, focus }, live, redrawNow);
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
  redrawNow: RefObject<() => void>,
): () => void {
  const m = new maplibregl.Map({
    container: el,
    style: createBasemapStyle(window.location.origin, { lang: p.lang }),
    center: p.center,
    zoom: p.zoom,
    // Framed from the start (not only refitted on load): the first tiles fetched and drawn are the ones shown,
    // which halves the start-up work of a wall PC without a GPU.
    bounds: p.focus ?? p.bounds,
    fitBoundsOptions: { padding: 16 },
    minZoom: 10.5,
    maxBounds: [
      [p.bounds[0] - 0.3, p.bounds[1] - 0.2],
      [p.bounds[2] + 0.3, p.bounds[3] + 0.2],
    ],
    localIdeographFontFamily: '"Noto Sans SC", sans-serif',
    attributionControl: { compact: false, customAttribution: BASEMAP_ATTRIBUTION },
    fadeDuration: 0,
  });
  // What one redraw costs, from the layers' rebuild to the first moment the page is free again after the frame
  // (a slow GPU blocks the page when the frame is handed over, after deck.gl's own callback): the median of the
  // last frames, the smallest while there are fewer than three. A one-off stall (a layer's first draw compiles its
  // shaders: seconds on software WebGL) must not hold the next redraws back for four times as long.
  let drawStarted: number | null = null;
  const costs: number[] = [];
  let drawCostMs = 0;
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    onAfterRender: () => {
      live.current.onLayersDrawn?.();
      const started = drawStarted;
      if (started === null) return;
      drawStarted = null;
      setTimeout(() => {
        const cost = performance.now() - started;
        costs.push(cost);
        if (costs.length > 5) costs.shift();
        const sorted = [...costs].sort((a, b) => a - b);
        drawCostMs = sorted.length < 3 ? sorted[0]! : sorted[Math.floor(sorted.length / 2)]!;
      }, 0);
    },
  });
  const gapAfterDraw = (minimum: number) => Math.max(minimum, drawCostMs * DRAW_SHARE);
  m.addControl(overlay);

  const still = window.matchMedia('(prefers-reduced-motion: reduce)');
  let frame: number | null = null;
  let tick: ReturnType<typeof setTimeout> | null = null;
  let loaded = false;
  const rebuild = () => {
    frame = null;
    if (!loaded) return;
    lastBuild = performance.now();
    drawStarted ??= lastBuild;
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
      }, gapAfterDraw(ANIMATION_FRAME_MS));
  };
  // Data changes redraw the map at most 4 times a second (less when frames are slow, see DRAW_SHARE): a wall needs
  // no more, and a 7680-px map redraw is the most expensive thing the page does.
  let lastBuild = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (frame !== null || pending !== null) return;
    const wait = lastBuild + gapAfterDraw(MIN_REBUILD_MS) - performance.now();
    if (wait <= 0) frame = requestAnimationFrame(rebuild);
    else
      pending = setTimeout(() => {
        pending = null;
        frame = requestAnimationFrame(rebuild);
      }, wait);
  };
  redrawNow.current = () => {
    if (pending !== null) clearTimeout(pending);
    pending = null;
    if (frame === null) frame = requestAnimationFrame(rebuild);
  };
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
  const view = (): MapViewState => {
    const c = m.getCenter();
    const b = m.getBounds();
    const r = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      center: [r(c.lng), r(c.lat)],
      zoom: r(m.getZoom(), 3),
      bearing: r(m.getBearing(), 2),
      pitch: r(m.getPitch(), 2),
      bounds: [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())],
    };
  };
  const showView = () => {
    el.dataset['view'] = JSON.stringify(view());
  };
  m.on('moveend', showView);
  m.on('load', () => {
    loaded = true;
    // Fit the city (or the focused district) to whatever size this wall is: the same picture on 1080p and 4K.
    m.fitBounds(p.focus ?? p.bounds, { padding: 16, animate: false });
    showView();
    rebuild();
    const ref = live.current.controllerRef;
    if (ref) ref.current = mapController(m, view, still);
    live.current.onLoad?.();
  });
  return () => {
    const ref = live.current.controllerRef;
    if (ref) ref.current = null;
    redrawNow.current = () => undefined;
    unsubscribers.forEach((u) => u());
    if (frame !== null) cancelAnimationFrame(frame);
    if (tick !== null) clearTimeout(tick);
    if (pending !== null) clearTimeout(pending);
    m.removeControl(overlay);
    m.remove();
  };
}

function mapController(m: maplibregl.Map, view: () => MapViewState, still: MediaQueryList): MapController {
  return {
    flyTo(camera, durationMs) {
      return new Promise((resolve) => {
        m.once('moveend', () => resolve());
        const c = m.getCenter();
        const there =
          Math.abs(c.lng - camera.center[0]) < 1e-7 &&
          Math.abs(c.lat - camera.center[1]) < 1e-7 &&
          Math.abs(m.getZoom() - camera.zoom) < 1e-4 &&
          Math.abs(m.getBearing() - camera.bearing) < 1e-3 &&
          Math.abs(m.getPitch() - camera.pitch) < 1e-3;
        // Already there (a flight of length 0 may end without a moveend): jumpTo ends at once, with one.
        if (there) m.jumpTo(camera);
        // Reduced motion: the camera cuts to the scene instead of flying (MapLibre honours the OS setting too).
        else m.flyTo({ ...camera, duration: still.matches ? 0 : durationMs, essential: false });
      });
    },
    cameraFor(bbox, opts) {
      const cam = m.cameraForBounds(bbox, {
        padding: opts.padding,
        bearing: opts.bearing,
        maxZoom: opts.maxZoom,
      });
      if (!cam?.center) return null;
      const c = maplibregl.LngLat.convert(cam.center);
      return { center: [c.lng, c.lat], zoom: cam.zoom ?? opts.maxZoom };
    },
    view,
  };
}
