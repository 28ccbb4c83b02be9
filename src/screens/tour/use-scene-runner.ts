import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { resolveTarget } from '../../api/tours';
import type { CityInfo } from '../../contract/rest';
import type { SafeHideItem } from '../../contract/safe-mode';
import type { ResolvedTarget, Tour } from '../../contract/tour';
import type { MapController } from '../../map/map-view';
import { sceneCamera } from './scene-camera';
import { step } from './tour-params';

/** A flight between scenes: long enough to follow where the map goes, short enough to keep the talk moving. */
export const FLY_MS = 3000;

export type ScenePhase = 'resolving' | 'flying' | 'shown';

/** One showing of a scene: its target resolved then, the map flown there. */
export interface SceneShow {
  index: number;
  /** Counts showings: a scene shown again (or re-shown when safe mode changes) is resolved again. */
  nonce: number;
  phase: ScenePhase;
  resolved: ResolvedTarget | null;
  /** The target could not be resolved (the scene shows the whole city meanwhile). */
  failed: boolean;
}

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Runs a tour: shows scene `index` (resolves its target now, flies there), steps on request (stopping at the ends),
 * and in auto mode after each scene's duration (looping unless told not to). A step during a flight takes over: the older showing's
 * answer and arrival are ignored.
 */
export function useSceneRunner(opts: {
  tour: Tour | undefined;
  start: number;
  auto: boolean;
  loop: boolean;
  controller: RefObject<MapController | null>;
  mapReady: boolean;
  city: Pick<CityInfo, 'bounds'> | undefined;
  hide: readonly SafeHideItem[];
  safe: boolean;
  padding: () => Padding;
}) {
  const { tour, auto, loop, controller, mapReady, city, safe } = opts;
  const n = tour?.scenes.length ?? 0;
  const [show, setShow] = useState<SceneShow>({
    index: opts.start,
    nonce: 0,
    phase: 'resolving',
    resolved: null,
    failed: false,
  });
  const [paused, setPaused] = useState(false);
  const latest = useRef({ hide: opts.hide, padding: opts.padding });
  useEffect(() => {
    latest.current = { hide: opts.hide, padding: opts.padding };
  }, [opts.hide, opts.padding]);
  // A start scene past the end (a shorter tour saved since the URL was written) is the first.
  const index = n > 0 && show.index >= n ? 0 : show.index;

  const go = useCallback(
    (i: number) =>
      setShow((s) => ({ index: i, nonce: s.nonce + 1, phase: 'resolving', resolved: null, failed: false })),
    [],
  );
  // By hand the tour stops at its ends, like slides; only auto mode loops.
  const move = useCallback(
    (dir: 1 | -1) => {
      const j = step(index, n, dir, false);
      if (j !== index) go(j);
    },
    [go, index, n],
  );
  const next = useCallback(() => move(1), [move]);
  const prev = useCallback(() => move(-1), [move]);

  // Safe mode changes what may be shown: the current scene is shown again, resolved under the new rules.
  const firstSafe = useRef(safe);
  useEffect(() => {
    if (firstSafe.current === safe) return;
    firstSafe.current = safe;
    setShow((s) => ({ ...s, nonce: s.nonce + 1, phase: 'resolving', resolved: null, failed: false }));
  }, [safe]);

  const { nonce } = show;
  useEffect(() => {
    const scene = tour?.scenes[index];
    const map = controller.current;
    if (!scene || !mapReady || !map || !city) return;
    const abort = new AbortController();
    let current = true;
    const run = async () => {
      let resolved: ResolvedTarget | null = null;
      let failed = false;
      if (scene.target.kind !== 'view') {
        try {
          resolved = await resolveTarget(scene.target, { hide: latest.current.hide, safe }, abort.signal);
        } catch (err) {
          if (abort.signal.aborted) return;
          // Shown, not swallowed: the strip says the target could not be resolved, the map shows the city.
          console.warn('tour target not resolved', err);
          failed = true;
        }
      }
      if (!current) return;
      const camera = sceneCamera(
        scene,
        resolved,
        city,
        (bbox, o) => map.cameraFor(bbox, o),
        latest.current.padding(),
      );
      setShow((s) => (s.nonce === nonce ? { ...s, phase: 'flying', resolved, failed } : s));
      await map.flyTo(camera, FLY_MS);
      if (current) setShow((s) => (s.nonce === nonce ? { ...s, phase: 'shown' } : s));
    };
    void run();
    return () => {
      current = false;
      abort.abort();
    };
  }, [tour, index, nonce, mapReady, controller, city, safe]);

  // The scene's URL, so a reload (or a restarted display) comes back to it.
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    q.set('scene', String(index + 1));
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${q.toString()}`);
  }, [index]);

  const duration = tour?.scenes[index]?.durationSec;
  const running = auto && !paused && show.phase === 'shown' && duration !== undefined;
  useEffect(() => {
    if (!running || duration === undefined) return;
    // The scene's time counts from its arrival; at the last scene without loop the tour stays there.
    if (!loop && index === n - 1) return;
    const timer = setTimeout(() => go(step(index, n, 1, loop)), duration * 1000);
    return () => clearTimeout(timer);
  }, [running, duration, index, n, loop, go, nonce]);

  return { show: { ...show, index }, go, next, prev, paused, setPaused, running };
}
