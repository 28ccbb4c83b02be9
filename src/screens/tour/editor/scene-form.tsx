import { useTranslation } from 'react-i18next';
import type { CityInfo } from '../../../contract/rest';
import { KPI_IDS, PANEL_IDS, TOUR_LAYER_IDS, type SceneInput, type TourIssue } from '../../../contract/tour';
import type { MapViewState } from '../../../map/map-view';
import { fieldIssues } from './editor-state';
import { Checks, Field, NumberInput } from './fields';
import { TargetFields } from './target-fields';

const LANGS = ['zh-CN', 'en'] as const;

/** Every field of one scene, each with the tour check's issues under it. */
export function SceneForm({
  scene,
  issues,
  city,
  currentView,
  onChange,
}: {
  scene: SceneInput;
  issues: readonly TourIssue[];
  city: CityInfo;
  currentView: () => MapViewState | null;
  onChange: (change: (s: SceneInput) => SceneInput) => void;
}) {
  const { t } = useTranslation();
  const f = (field: string) => fieldIssues(issues, field);
  const set = <K extends keyof SceneInput>(key: K, value: SceneInput[K]) =>
    onChange((s) => {
      const next = { ...s, [key]: value };
      if (value === undefined) delete next[key];
      return next;
    });
  const camera = scene.video?.camera;
  const isView = scene.target.kind === 'view';
  return (
    <form className="tform" aria-label={t('tourEditor.sceneForm')} onSubmit={(e) => e.preventDefault()}>
      <Field label={t('tourEditor.id')} issues={f('id')}>
        <input name="id" value={scene.id} onChange={(e) => set('id', e.target.value)} />
      </Field>
      {f('(scene)').length > 0 && (
        <Field label={t('tourEditor.scene')} issues={f('(scene)')}>
          {null}
        </Field>
      )}
      {LANGS.map((lang) => (
        <Field key={`title-${lang}`} label={t(`tourEditor.sceneTitle.${lang}`)} issues={f(`title.${lang}`)}>
          <input
            name={`title-${lang}`}
            value={scene.title[lang]}
            onChange={(e) => set('title', { ...scene.title, [lang]: e.target.value })}
          />
        </Field>
      ))}
      {LANGS.map((lang) => (
        <Field
          key={`narration-${lang}`}
          label={t(`tourEditor.narration.${lang}`)}
          issues={f(`narration.${lang}`)}
          hint={t('tourEditor.placeholders')}
        >
          <textarea
            name={`narration-${lang}`}
            rows={4}
            value={scene.narration[lang]}
            onChange={(e) => set('narration', { ...scene.narration, [lang]: e.target.value })}
          />
        </Field>
      ))}
      <TargetFields
        target={scene.target}
        issues={issues}
        city={city}
        currentView={currentView}
        onChange={(target) => onChange((s) => ({ ...s, target }))}
      />
      {!isView && (
        <div className="tform__row">
          <Field label={t('tourEditor.bearing')} issues={f('bearing')}>
            <NumberInput name="bearing" value={scene.bearing} onChange={(v) => set('bearing', v)} />
          </Field>
          <Field label={t('tourEditor.pitch')} issues={f('pitch')}>
            <NumberInput name="pitch" value={scene.pitch} onChange={(v) => set('pitch', v)} />
          </Field>
          <Field label={t('tourEditor.maxZoom')} issues={f('maxZoom')}>
            <NumberInput name="maxZoom" value={scene.maxZoom} onChange={(v) => set('maxZoom', v)} />
          </Field>
        </div>
      )}
      <Field label={t('tourEditor.layers')} issues={f('layers')}>
        <Checks
          name="layers"
          options={TOUR_LAYER_IDS}
          value={scene.layers}
          onChange={(v) => set('layers', v)}
          label={(l) => t(`layer.${l}`)}
        />
      </Field>
      <Field label={t('tourEditor.panels')} issues={f('panels')} hint={t('tourEditor.panelsHint')}>
        <Checks
          name="panels"
          options={PANEL_IDS}
          value={scene.panels ?? []}
          onChange={(v) => set('panels', v)}
          label={(p) => t(`tourEditor.panel.${p}`)}
        />
      </Field>
      <Field label={t('tourEditor.kpis')} issues={f('kpis')}>
        <Checks
          name="kpis"
          options={KPI_IDS}
          value={scene.kpis ?? []}
          onChange={(v) => set('kpis', v)}
          label={(k) => t(`tourEditor.kpi.${k}`)}
        />
      </Field>
      <div className="tform__row">
        <Field label={t('tourEditor.video')} issues={f('video')}>
          <select
            name="video"
            value={camera === undefined ? '' : camera === 'target' ? 'target' : 'id'}
            onChange={(e) =>
              set(
                'video',
                e.target.value === '' ? undefined : { camera: e.target.value === 'target' ? 'target' : '' },
              )
            }
          >
            <option value="">{t('tourEditor.videoNone')}</option>
            <option value="target">{t('tourEditor.videoTarget')}</option>
            <option value="id">{t('tourEditor.videoId')}</option>
          </select>
        </Field>
        {camera !== undefined && camera !== 'target' && (
          <Field label={t('tourEditor.cameraId')} issues={[]}>
            <input
              name="camera-id"
              value={camera}
              onChange={(e) => set('video', { camera: e.target.value.trim() })}
            />
          </Field>
        )}
        <Field label={t('tourEditor.duration')} issues={f('durationSec')}>
          <NumberInput
            name="durationSec"
            step="1"
            value={scene.durationSec}
            onChange={(v) => set('durationSec', v ?? NaN)}
          />
        </Field>
      </div>
    </form>
  );
}
