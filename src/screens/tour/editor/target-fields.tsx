import { useTranslation } from 'react-i18next';
import { SensorType } from '../../../contract/entities';
import { CATEGORIES } from '../../../contract/event';
import type { CityInfo } from '../../../contract/rest';
import { LIVE_REFS, type SceneInput, type TourIssue } from '../../../contract/tour';
import type { MapViewState } from '../../../map/map-view';
import { fieldIssues } from './editor-state';
import { Field, NumberInput } from './fields';

type TargetInput = SceneInput['target'];
type Kind = TargetInput['kind'];
const KINDS: readonly Kind[] = ['view', 'district', 'event', 'bbox', 'live'];

/** A target of the kind asked for, filled from what the preview map shows now (or the city). */
export function defaultTarget(kind: Kind, city: CityInfo, view: MapViewState | null): TargetInput {
  switch (kind) {
    case 'view':
      return {
        kind,
        center: view?.center ?? city.center,
        zoom: view?.zoom ?? city.zoom,
        bearing: view?.bearing ?? 0,
        pitch: view?.pitch ?? 0,
      };
    case 'district':
      return { kind, code: city.districts[0]?.code ?? '' };
    case 'event':
      return { kind, id: '' };
    case 'bbox':
      return { kind, bbox: view?.bounds ?? city.bounds };
    case 'live':
      return { kind, ref: 'most-severe-event' };
  }
}

/** Where the scene looks: the kind of target, then that kind's fields. */
export function TargetFields({
  target,
  issues,
  city,
  currentView,
  onChange,
}: {
  target: TargetInput;
  issues: readonly TourIssue[];
  city: CityInfo;
  currentView: () => MapViewState | null;
  onChange: (t: TargetInput) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const f = (field: string) => fieldIssues(issues, `target.${field}`);
  return (
    <fieldset className="tform__group">
      <legend>{t('tourEditor.target')}</legend>
      <Field label={t('tourEditor.targetKind')} issues={f('kind')}>
        <select
          name="target-kind"
          value={target.kind}
          onChange={(e) => onChange(defaultTarget(e.target.value as Kind, city, currentView()))}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`tourEditor.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {target.kind === 'view' && (
        <>
          <div className="tform__row">
            <Field label={t('tourEditor.lon')} issues={f('center')}>
              <NumberInput
                name="lon"
                value={target.center[0]}
                onChange={(v) => onChange({ ...target, center: [v ?? NaN, target.center[1]] })}
              />
            </Field>
            <Field label={t('tourEditor.lat')} issues={[]}>
              <NumberInput
                name="lat"
                value={target.center[1]}
                onChange={(v) => onChange({ ...target, center: [target.center[0], v ?? NaN] })}
              />
            </Field>
          </div>
          <div className="tform__row">
            <Field label={t('tourEditor.zoom')} issues={f('zoom')}>
              <NumberInput
                name="zoom"
                value={target.zoom}
                onChange={(v) => onChange({ ...target, zoom: v ?? NaN })}
              />
            </Field>
            <Field label={t('tourEditor.bearing')} issues={f('bearing')}>
              <NumberInput
                name="view-bearing"
                value={target.bearing}
                onChange={(v) => onChange({ ...target, bearing: v })}
              />
            </Field>
            <Field label={t('tourEditor.pitch')} issues={f('pitch')}>
              <NumberInput
                name="view-pitch"
                value={target.pitch}
                onChange={(v) => onChange({ ...target, pitch: v })}
              />
            </Field>
          </div>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              const v = currentView();
              if (v)
                onChange({
                  kind: 'view',
                  center: v.center,
                  zoom: v.zoom,
                  bearing: v.bearing,
                  pitch: v.pitch,
                });
            }}
          >
            {t('tourEditor.useMapView')}
          </button>
        </>
      )}
      {target.kind === 'district' && (
        <Field label={t('tourEditor.district')} issues={f('code')}>
          <select
            name="district"
            value={target.code}
            onChange={(e) => onChange({ ...target, code: e.target.value })}
          >
            {city.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {en ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {target.kind === 'event' && (
        <Field label={t('tourEditor.eventId')} issues={f('id')} hint={t('tourEditor.eventIdHint')}>
          <input
            name="event-id"
            value={target.id}
            onChange={(e) => onChange({ ...target, id: e.target.value.trim() })}
          />
        </Field>
      )}
      {target.kind === 'bbox' && (
        <>
          <Field label={t('tourEditor.bbox')} issues={f('bbox')}>
            <input
              name="bbox"
              value={target.bbox.join(', ')}
              onChange={(e) =>
                onChange({
                  ...target,
                  bbox: e.target.value.split(',').map((x) => Number(x.trim())) as [
                    number,
                    number,
                    number,
                    number,
                  ],
                })
              }
            />
          </Field>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              const v = currentView();
              if (v) onChange({ kind: 'bbox', bbox: v.bounds });
            }}
          >
            {t('tourEditor.useMapBounds')}
          </button>
        </>
      )}
      {target.kind === 'live' && (
        <>
          <Field label={t('tourEditor.ref')} issues={f('ref')}>
            <select
              name="ref"
              value={target.ref}
              onChange={(e) => onChange({ kind: 'live', ref: e.target.value as (typeof LIVE_REFS)[number] })}
            >
              {LIVE_REFS.map((r) => (
                <option key={r} value={r}>
                  {t(`tourEditor.refs.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          {target.ref === 'most-severe-event' && (
            <Field label={t('tourEditor.category')} issues={f('category')}>
              <select
                name="category"
                value={target.category ?? ''}
                onChange={(e) => {
                  const { category: _omit, ...rest } = target;
                  onChange(
                    e.target.value
                      ? { ...rest, category: e.target.value as (typeof CATEGORIES)[number] }
                      : rest,
                  );
                }}
              >
                <option value="">{t('tourEditor.any')}</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {target.ref === 'latest-sensor-alarm' && (
            <Field label={t('tourEditor.sensorType')} issues={f('sensorType')}>
              <select
                name="sensor-type"
                value={target.sensorType ?? ''}
                onChange={(e) => {
                  const { sensorType: _omit, ...rest } = target;
                  onChange(e.target.value ? { ...rest, sensorType: e.target.value as SensorType } : rest);
                }}
              >
                <option value="">{t('tourEditor.any')}</option>
                {SensorType.options.map((s) => (
                  <option key={s} value={s}>
                    {t(`sensorType.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </>
      )}
    </fieldset>
  );
}
