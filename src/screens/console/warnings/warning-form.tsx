import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { WarningDraftInput, WarningPreview } from '../../../contract/console';
import { WarningLevel } from '../../../contract/entities';
import type { CityInfo } from '../../../contract/rest';
import { drawStore } from './draw-map';

const CATEGORIES = [
  'Met',
  'Safety',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'Other',
] as const;

/** A local `datetime-local` value → UTC instant (the officer types the city's time on the centre's PC). */
const toUtc = (local: string) => new Date(local).toISOString();
const localIn = (hours: number) => {
  const d = new Date(Date.now() + hours * 3_600_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export interface WarningFormValue {
  level: WarningLevel;
  event: string;
  headline: string;
  description: string;
  instruction: string;
  category: (typeof CATEGORIES)[number];
  expires: string;
  districts: string[];
}

export const emptyForm = (): WarningFormValue => ({
  level: 'yellow',
  event: '暴雨',
  headline: '',
  description: '',
  instruction: '',
  category: 'Met',
  expires: localIn(3),
  districts: [],
});

export function draftOf(v: WarningFormValue, polygon: [number, number][]): WarningDraftInput {
  return {
    level: v.level,
    event: v.event,
    headline: v.headline,
    description: v.description,
    instruction: v.instruction,
    category: v.category,
    expires: toUtc(v.expires),
    districts: v.districts,
    ...(polygon.length >= 3 ? { polygon } : {}),
  };
}

/** The draft: level, hazard, texts, expiry, districts (or the area drawn on the map); preview, then publish. */
export function WarningForm({
  city,
  value,
  onChange,
  onPreview,
  onPublish,
  preview,
  busy,
  updating,
}: {
  city: CityInfo;
  value: WarningFormValue;
  onChange: (v: WarningFormValue) => void;
  onPreview: () => void;
  onPublish: () => void;
  preview: WarningPreview | undefined;
  busy: boolean;
  updating: string | null;
}) {
  const { t, i18n } = useTranslation();
  const points = useStore(drawStore, (s) => s.points.length);
  const set = <K extends keyof WarningFormValue>(k: K, v: WarningFormValue[K]) =>
    onChange({ ...value, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPublish();
  };
  const text = (k: 'event' | 'headline', max: number) => (
    <label className="field">
      {t(`publish.${k}`)}
      <input name={k} required value={value[k]} maxLength={max} onChange={(e) => set(k, e.target.value)} />
    </label>
  );
  const area = (k: 'description' | 'instruction') => (
    <label className="field">
      {t(`publish.${k}`)}
      <textarea
        name={k}
        required
        rows={3}
        maxLength={2000}
        value={value[k]}
        onChange={(e) => set(k, e.target.value)}
      />
    </label>
  );
  return (
    <form className="wform" onSubmit={submit} data-testid="warning-form">
      <fieldset className="wform__levels">
        <legend>{t('publish.level')}</legend>
        {WarningLevel.options.map((l) => (
          <label
            key={l}
            className={`wform__level wform__level--${l} ${value.level === l ? 'wform__level--on' : ''}`}
          >
            <input
              type="radio"
              name="level"
              value={l}
              checked={value.level === l}
              onChange={() => {
                set('level', l);
                drawStore.setState({ level: l });
              }}
            />
            {t(`warningLevel.${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="wform__row">
        {text('event', 40)}
        <label className="field">
          {t('publish.category')}
          <select
            name="category"
            value={value.category}
            onChange={(e) => set('category', e.target.value as WarningFormValue['category'])}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        {t('publish.expires')}
        <input
          name="expires"
          type="datetime-local"
          value={value.expires}
          onChange={(e) => set('expires', e.target.value)}
        />
      </label>
      {text('headline', 200)}
      {area('description')}
      {area('instruction')}
      <fieldset className="wform__districts">
        <legend>{t('publish.districts')}</legend>
        {city.districts.map((d) => (
          <label key={d.code}>
            <input
              type="checkbox"
              checked={value.districts.includes(d.code)}
              onChange={(e) =>
                set(
                  'districts',
                  e.target.checked
                    ? [...value.districts, d.code]
                    : value.districts.filter((x) => x !== d.code),
                )
              }
            />
            {i18n.language === 'en' ? d.nameEn : d.name}
          </label>
        ))}
      </fieldset>
      <p className="wform__draw">
        {t('publish.drawArea')} · {t('publish.points', { n: points })}
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={() => drawStore.setState({ points: [] })}
        >
          {t('publish.clearArea')}
        </button>
      </p>
      <div className="wform__buttons">
        <button type="button" className="btn" disabled={busy} onClick={onPreview}>
          {t('publish.preview')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy || preview?.valid === false}>
          {updating ? t('publish.update') : t('publish.publish')}
        </button>
      </div>
    </form>
  );
}
