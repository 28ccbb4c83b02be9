import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recoverWallSession, useSession } from '../../api/auth';
import { useCity } from '../../api/city';
import { useTour } from '../../api/tours';
import type { SafeHideItem } from '../../contract/safe-mode';
import type { CityInfo } from '../../contract/rest';
import type { TourLayer } from '../../contract/tour';
import type { Lang } from '../../i18n';
import { connectLive } from '../../live/socket-client';
import { useEvents } from '../../live/use-live';
import { camerasBinding } from '../../map/cameras-binding';
import { eventsBinding } from '../../map/events-binding';
import { gridBinding } from '../../map/grid-binding';
import type { LayerId } from '../../map/layer-binding';
import { MapView, type MapController } from '../../map/map-view';
import { sensorsBinding } from '../../map/sensors-binding';
import { trafficBinding } from '../../map/traffic-binding';
import { warningsBinding } from '../../map/warnings-binding';
import { usePanels } from '../panel-registry';
import { SafeModeMark } from '../../safe-mode/safe-mode-mark';
import { useSafeMode } from '../../safe-mode/use-safe-mode';
import '../../components/account-bar.css';
import { ControlStrip } from './control-strip';
import { Narration } from './narration';
import { fillNarration } from './narration-text';
import { ProgressBar } from './progress-bar';
import { SceneRail } from './scene-rail';
import { SceneVideo } from './scene-video';
import { parseTourParams, presenterAction } from './tour-params';
import { useNarrationSpeech } from './use-narration-speech';
import { useSceneRunner } from './use-scene-runner';
import './tour.css';

// The contract's layer ids are the map's: checked both ways when this compiles.
const SAME_LAYERS: [TourLayer extends LayerId ? true : false, LayerId extends TourLayer ? true : false] = [
  true,
  true,
];
void SAME_LAYERS;

const NO_HIDE: readonly SafeHideItem[] = [];
/** Until the city has loaded (the panels' hook runs on every render). */
const EMPTY_CITY: CityInfo = {
  id: '',
  name: { 'zh-CN': '', en: '' },
  timezone: 'Asia/Shanghai',
  center: [0, 0],
  zoom: 0,
  bounds: [0, 0, 0, 0],
  districts: [],
  streets: [],
};
const EDITORS = ['admin', 'leader'];

/**
 * `/tour`: the leader tour on the big screen. The wall's map, layers and panels, composed per scene from the tour
 * file: the map flies to each scene's target (resolved when shown), the narration is shown large (and optionally
 * spoken), a progress bar counts the scenes. Stepped with a presenter remote's keys or by itself (`auto=1`), in safe
 * mode on request (`safe=1`, Shift+S, the strip's switch).
 */
export function TourScreen() {
  const { t, i18n } = useTranslation();
  const params = useMemo(() => parseTourParams(window.location.search), []);
  const city = useCity();
  const tourQ = useTour(params.tour);
  const tour = tourQ.data?.tour;
  const role = useSession().data?.me?.principal.role;
  const hide = useMemo(
    () => [...(city.data?.safeMode?.hide ?? NO_HIDE), ...(tour?.safeMode?.hide ?? NO_HIDE)],
    [city.data, tour],
  );
  const safe = useSafeMode(hide);
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Lang;

  const controller = useRef<MapController | null>(null);
  const rail = useRef<HTMLDivElement>(null);
  const narration = useRef<HTMLDivElement>(null);
  const [mapLoaded, setMapLoaded] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const hasSnapshot = useEvents((s) => s.seq >= 0);
  const [speak, setSpeak] = useState(params.speak);
  const [blank, setBlank] = useState(false);
  const [presenting, setPresenting] = useState(false);

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
  useEffect(
    () =>
      connectLive({
        topics: ['events', 'health', 'traffic', 'cameras', 'sensors', 'workers', 'warnings'],
        onNewBuild: () => window.location.reload(),
        onAuthLost: recoverWallSession,
      }),
    [],
  );

  // The map is framed clear of what covers it: the panels on the right, the narration at the bottom.
  const padding = useCallback(() => {
    const px = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    return {
      top: 3 * px,
      left: 2 * px,
      right: (rail.current?.getBoundingClientRect().width ?? 0) + 2 * px,
      bottom: (narration.current?.getBoundingClientRect().height ?? 0) + 2 * px,
    };
  }, []);
  const runner = useSceneRunner({
    tour,
    start: params.scene,
    auto: params.auto,
    loop: params.loop,
    controller,
    mapReady: mapLoaded,
    city: city.data,
    hide,
    safe: safe.on,
    padding,
  });
  const { show } = runner;
  const scene = tour?.scenes[show.index];

  const visible = useMemo(
    () =>
      new Set<LayerId>(
        (scene?.layers ?? []).filter((l) => !(safe.on && safe.hiding.layers.has(l))),
      ) as ReadonlySet<LayerId>,
    [scene, safe.on, safe.hiding],
  );
  const panel = usePanels(city.data ?? EMPTY_CITY, { district: null, wide: false });

  const spoken =
    scene && show.phase !== 'resolving' ? fillNarration(scene.narration[lang], show.resolved, lang, t) : '';
  useNarrationSpeech(speak, spoken, lang);

  const present = useCallback(() => {
    const done = document.fullscreenElement
      ? document.exitFullscreen()
      : document.documentElement.requestFullscreen();
    // Refused (no user gesture, or a kiosk without the API): the page stays as it is, the strip still there.
    done.catch((err: unknown) => console.warn('full screen refused', err));
  }, []);
  useEffect(() => {
    const onChange = () => setPresenting(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const { next, prev, go, setPaused } = runner;
  const n = tour?.scenes.length ?? 0;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('select, input, textarea')) return;
      const action = presenterAction(e);
      if (action === null) return;
      e.preventDefault();
      if (action !== 'blank') setBlank(false);
      switch (action) {
        case 'next':
          return next();
        case 'prev':
          return prev();
        case 'first':
          return go(0);
        case 'last':
          return go(Math.max(0, n - 1));
        case 'blank':
          return setBlank((b) => !b);
        case 'present':
          return present();
        case 'pause':
          return setPaused((p) => !p);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [next, prev, go, n, present, setPaused]);

  const ready = mapLoaded && hasSnapshot && drawn && tour !== undefined;
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(ready);
  }, [ready]);
  const onLoad = useCallback(() => setMapLoaded(true), []);
  const onLayersDrawn = useCallback(() => {
    if (hasSnapshot) setDrawn(true);
  }, [hasSnapshot]);

  if (city.isError || tourQ.isError)
    return <p className="tour-error">{tourQ.isError ? t('tour.loadFailed') : t('errors.loadCity')}</p>;
  if (!city.data) return null;
  const c = city.data;
  return (
    <div
      className="tour"
      data-testid="tour"
      data-tour={tour?.id}
      data-scene-index={show.index}
      data-scene-id={scene?.id}
      data-scene-state={show.phase}
      data-scene-nonce={show.nonce}
      data-target={
        show.resolved
          ? JSON.stringify({
              found: show.resolved.found,
              center: show.resolved.center,
              bbox: show.resolved.bbox,
            })
          : undefined
      }
      data-presenting={presenting}
      data-safe-mode={safe.on}
      onClick={(e) => {
        // A strip button keeps no focus: the remote's Space must step the tour, not press it again.
        if (e.target instanceof HTMLButtonElement) e.target.blur();
      }}
    >
      <main className="tour__map" aria-label={t('wall.map')}>
        <MapView
          center={c.center}
          zoom={c.zoom}
          bounds={c.bounds}
          lang={lang}
          bindings={bindings}
          visible={visible}
          onLoad={onLoad}
          onLayersDrawn={onLayersDrawn}
          controllerRef={controller}
        />
      </main>
      {tour && scene && (
        <>
          <div ref={rail} className="tour__rail-box">
            <SceneRail panels={scene.panels} kpis={scene.kpis} render={panel} />
          </div>
          <SceneVideo
            scene={scene}
            resolved={show.resolved}
            hidden={safe.on && safe.hiding.layers.has('cameras')}
          />
          <div ref={narration} className="tour__narration-box">
            <Narration scene={scene} show={show} lang={lang} />
            <ProgressBar
              tour={tour}
              index={show.index}
              nonce={show.nonce}
              running={runner.running}
              lang={lang}
            />
          </div>
          <ControlStrip
            tour={tour}
            index={show.index}
            lang={lang}
            presenting={presenting}
            auto={params.auto}
            paused={runner.paused}
            speak={speak}
            safe={safe.on}
            failed={show.failed}
            canEdit={role !== undefined && EDITORS.includes(role)}
            onGo={go}
            onPrev={prev}
            onNext={next}
            onPause={() => setPaused((p) => !p)}
            onSpeak={() => setSpeak((s) => !s)}
            onSafe={safe.toggle}
            onPresent={present}
          />
        </>
      )}
      {blank && <div className="tour__blank" data-testid="blank" />}
      <SafeModeMark on={safe.on} />
    </div>
  );
}
