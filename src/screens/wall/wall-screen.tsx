import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useCity } from '../../api/city';
import type { Lang } from '../../i18n';
import { recoverWallSession } from '../../api/auth';
import { connectLive } from '../../live/socket-client';
import { useEvents } from '../../live/use-live';
import { camerasBinding } from '../../map/cameras-binding';
import { eventsBinding } from '../../map/events-binding';
import { gridBinding } from '../../map/grid-binding';
import type { LayerId } from '../../map/layer-binding';
import { MapView } from '../../map/map-view';
import { sensorsBinding } from '../../map/sensors-binding';
import { trafficBinding } from '../../map/traffic-binding';
import { warningsBinding } from '../../map/warnings-binding';
import { setPanelDrills } from '../../panels/panel-frame/panel-frame';
import type { SafeHideItem } from '../../contract/safe-mode';
import { SafeModeMark } from '../../safe-mode/safe-mode-mark';
import { useSafeMode } from '../../safe-mode/use-safe-mode';
import { openCameraAt, popVideoParams, WallVideo } from '../../video/wall-video';
import { AlarmBanner } from './alarm-banner';
import { LayerLegend } from './layer-legend';
import { WallHeader } from './wall-header';
import { WallPanels } from './wall-panels';
import { parseWallParams, resolveLayout, withLayers } from './wall-params';
import './wall.css';

const subscribeResize = (onChange: () => void) => {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
};
const shape = () => `${window.innerWidth}x${window.innerHeight}`;
const NO_HIDE: readonly SafeHideItem[] = [];

/**
 * The operations-centre wall: the live map in the centre, panels around it, laid out by CSS grid in rem
 * so it fills any wall without scaling. Per display, by URL: `layout`, `district`, `layers` (wall-params).
 * Unattended: reconnects and resumes by itself, and reloads when the server serves a new build. Safe mode (`safe=1`,
 * Shift+S) hides what the city pack lists and all personal data while visitors are in the room.
 */
export function WallScreen() {
  const { t, i18n } = useTranslation();
  const city = useCity();
  const params = useMemo(() => {
    const p = parseWallParams(window.location.search);
    setPanelDrills(p.failPanels); // before the panels first render
    return p;
  }, []);
  const [visible, setVisible] = useState<ReadonlySet<LayerId>>(params.layers);
  const safe = useSafeMode(city.data?.safeMode?.hide ?? NO_HIDE);
  // In safe mode the listed layers are off whatever the legend says (and the legend does not offer them).
  const hiddenLayers = useMemo(
    () => (safe.on ? (safe.hiding.layers as ReadonlySet<LayerId>) : new Set<LayerId>()),
    [safe.on, safe.hiding],
  );
  const shown = useMemo(
    () => (hiddenLayers.size === 0 ? visible : new Set([...visible].filter((id) => !hiddenLayers.has(id)))),
    [visible, hiddenLayers],
  );
  const popVideo = useMemo(() => popVideoParams(window.location.search), []);
  const cityBounds = city.data?.bounds;
  const bindings = useMemo(
    () => [
      gridBinding(),
      trafficBinding(),
      camerasBinding(),
      sensorsBinding(),
      eventsBinding(),
      warningsBinding(cityBounds),
    ],
    [cityBounds],
  );
  const [mapLoaded, setMapLoaded] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const hasSnapshot = useEvents((s) => s.seq >= 0);
  const [w, h] = useSyncExternalStore(subscribeResize, shape).split('x').map(Number) as [number, number];
  const layout = resolveLayout(params.layout, w, h);

  useEffect(() => {
    if (params.debug) void import('./debug-hook').then((m) => m.installDebugHook());
  }, [params.debug]);
  useEffect(() => {
    if (params.bench) {
      void import('./bench-hook').then((m) => m.installBenchHook());
      return undefined;
    }
    return connectLive({
      topics: ['events', 'health', 'traffic', 'cameras', 'sensors', 'workers', 'warnings'],
      ...(params.district ? { filter: { districts: [params.district] } } : {}),
      onNewBuild: () => window.location.reload(),
      onAuthLost: recoverWallSession,
    });
  }, [params]);

  // The explicit readiness signal for tests and monitoring: map loaded, first snapshot drawn.
  const ready = mapLoaded && (hasSnapshot || params.bench) && drawn;
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(ready);
  }, [ready]);

  const onToggle = useCallback((id: LayerId) => {
    setVisible((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      window.history.replaceState(
        null,
        '',
        `${window.location.pathname}${withLayers(window.location.search, next)}`,
      );
      return next;
    });
  }, []);
  const onLoad = useCallback(() => setMapLoaded(true), []);
  const onLayersDrawn = useCallback(() => {
    if (hasSnapshot || params.bench) setDrawn(true);
  }, [hasSnapshot, params.bench]);

  if (city.isError) return <p className="wall-error">{t('errors.loadCity')}</p>;
  if (!city.data) return null;
  const c = city.data;
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Lang;
  const focus = params.district ? c.districts.find((d) => d.code === params.district) : undefined;
  return (
    <div className="wall" data-layout={layout} data-safe-mode={safe.on}>
      <WallHeader
        cityName={c.name[lang]}
        districtName={focus ? (lang === 'en' ? focus.nameEn : focus.name) : null}
        timezone={c.timezone}
      />
      <main className="wall__map" aria-label={t('wall.map')}>
        <MapView
          center={c.center}
          zoom={c.zoom}
          bounds={c.bounds}
          focus={focus?.bbox}
          lang={lang}
          bindings={bindings}
          visible={shown}
          onLoad={onLoad}
          onLayersDrawn={onLayersDrawn}
          onMapClick={shown.has('cameras') ? openCameraAt : undefined}
        />
        <AlarmBanner timezone={c.timezone} />
        <WallVideo
          enabled={popVideo.enabled && !params.bench && !hiddenLayers.has('cameras')}
          closeAfterMs={popVideo.closeAfterMs}
        />
        <LayerLegend visible={visible} onToggle={onToggle} hidden={hiddenLayers} />
        <SafeModeMark on={safe.on} />
      </main>
      {layout !== 'map-only' && <WallPanels layout={layout} city={c} district={params.district} />}
    </div>
  );
}
