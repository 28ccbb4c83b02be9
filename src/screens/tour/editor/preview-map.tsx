import { useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveTarget } from '../../../api/tours';
import type { CityInfo } from '../../../contract/rest';
import { Scene, type ResolvedTarget, type SceneInput } from '../../../contract/tour';
import type { Lang } from '../../../i18n';
import { camerasBinding } from '../../../map/cameras-binding';
import { eventsBinding } from '../../../map/events-binding';
import { gridBinding } from '../../../map/grid-binding';
import type { LayerId } from '../../../map/layer-binding';
import { MapView, type MapController } from '../../../map/map-view';
import { sensorsBinding } from '../../../map/sensors-binding';
import { trafficBinding } from '../../../map/traffic-binding';
import { warningsBinding } from '../../../map/warnings-binding';
import { fillNarration } from '../narration-text';
import { sceneCamera } from '../scene-camera';
import { FLY_MS } from '../use-scene-runner';

type PreviewState =
  | { state: 'idle' }
  | { state: 'invalid' }
  | { state: 'running' }
  | { state: 'shown'; resolved: ResolvedTarget | null; narration: string }
  | { state: 'failed' };

/**
 * The editor's preview: the same map and layers as the tour, flown to the scene being edited (its target resolved
 * now, as `/tour` would) with the scene's layers on and its narration filled in below.
 */
export function PreviewMap({
  city,
  scene,
  lang,
  controller,
}: {
  city: CityInfo;
  scene: SceneInput | undefined;
  lang: Lang;
  controller: RefObject<MapController | null>;
}) {
  const { t } = useTranslation();
  const bindings = useMemo(
    () => [
      gridBinding(),
      trafficBinding(),
      camerasBinding(),
      sensorsBinding(),
      eventsBinding(),
      warningsBinding(city.bounds),
    ],
    [city.bounds],
  );
  const [visible, setVisible] = useState<ReadonlySet<LayerId>>(new Set(['traffic', 'events']));
  const [preview, setPreview] = useState<PreviewState>({ state: 'idle' });
  const runs = useRef(0);

  const run = async () => {
    const parsed = Scene.safeParse(scene);
    const map = controller.current;
    if (!parsed.success) return setPreview({ state: 'invalid' });
    if (!map) return;
    const s = parsed.data;
    const mine = ++runs.current;
    setPreview({ state: 'running' });
    setVisible(new Set(s.layers));
    try {
      const resolved =
        s.target.kind === 'view' ? null : await resolveTarget(s.target, { hide: [], safe: false });
      if (mine !== runs.current) return;
      const px = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const pad = { top: px, right: px, bottom: px, left: px };
      await map.flyTo(
        sceneCamera(s, resolved, city, (b, o) => map.cameraFor(b, o), pad),
        FLY_MS,
      );
      if (mine === runs.current)
        setPreview({
          state: 'shown',
          resolved,
          narration: fillNarration(s.narration[lang], resolved, lang, t),
        });
    } catch (err) {
      // Shown below the map; the console has the detail.
      console.warn('preview target not resolved', err);
      if (mine === runs.current) setPreview({ state: 'failed' });
    }
  };

  return (
    <section className="tpreview" aria-label={t('tourEditor.preview')} data-preview={preview.state}>
      <div className="tpreview__map">
        <MapView
          center={city.center}
          zoom={city.zoom}
          bounds={city.bounds}
          lang={lang}
          bindings={bindings}
          visible={visible}
          controllerRef={controller}
        />
      </div>
      <div className="tpreview__bar">
        <button type="button" className="btn" onClick={() => void run()}>
          {t('tourEditor.previewScene')}
        </button>
        {preview.state === 'invalid' && (
          <span className="tpreview__note">{t('tourEditor.previewInvalid')}</span>
        )}
        {preview.state === 'failed' && <span className="tpreview__note">{t('tour.targetFailed')}</span>}
        {preview.state === 'shown' && preview.resolved && !preview.resolved.found && (
          <span className="tpreview__note">{t('tourEditor.previewNothing')}</span>
        )}
      </div>
      {preview.state === 'shown' && <p className="tpreview__narration">{preview.narration}</p>}
    </section>
  );
}
