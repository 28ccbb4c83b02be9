import type { TFunction } from 'i18next';
import type { Lang } from '../../i18n';
import type { ResolvedTarget } from '../../contract/tour';

/** The value a narration's `{value}` stands for, in words: a severity, an index and its band, a count, a reading. */
export function formatValue(r: ResolvedTarget | null, t: TFunction): string {
  if (!r?.found) return '—';
  const f = r.facts;
  if (f.index !== undefined && f.band !== undefined)
    return t('tour.value.congestion', { index: f.index.toFixed(1), band: t(`congestionBand.${f.band}`) });
  if (f.reading !== undefined && f.reading !== null) return `${f.reading} ${f.unit ?? ''}`.trim();
  if (f.openEvents !== undefined) return t('tour.value.openEvents', { n: f.openEvents });
  if (f.warningLevel !== undefined) return t(`warningLevel.${f.warningLevel}`);
  if (f.severity !== undefined) return t(`severity.${f.severity}`);
  return '—';
}

/**
 * The narration with `{label}` and `{value}` filled from the target resolved for this showing (what is true now);
 * a target that found nothing reads "none right now".
 */
export function fillNarration(template: string, r: ResolvedTarget | null, lang: Lang, t: TFunction): string {
  return template.replace(/\{(label|value)\}/g, (_m, name: string) =>
    name === 'label' ? (r?.found && r.label ? r.label[lang] : t('tour.none')) : formatValue(r, t),
  );
}
