import type { TFunction } from 'i18next';
import type { TourIssue } from '../../../contract/tour';

/** Rules of the tour check (contract/tour.ts `reason`s) with their own words. */
const REASONS = new Set([
  'duplicate-id',
  'duplicate',
  'kpis-need-panel',
  'view-has-angle',
  'view-has-zoom',
  'category-not-for-ref',
  'sensor-type-not-for-ref',
  'camera-needs-event',
  'unknown-placeholder',
  'placeholder-needs-target',
  'unknown-district',
  'outside-city',
]);

/** zod's issue codes the editor puts in words; others show zod's (English) message. */
const CODES: Record<string, string> = {
  too_small: 'tooSmall',
  too_big: 'tooBig',
  invalid_type: 'invalidType',
  invalid_value: 'invalidValue',
  invalid_union: 'invalidValue',
  unrecognized_keys: 'unrecognizedKeys',
  invalid_format: 'invalidFormat',
};

/** An issue in the operator's language; the checker's own message is kept as the detail. */
export function issueText(i: TourIssue, t: TFunction): string {
  if (i.reason && REASONS.has(i.reason)) return t(`tourEditor.issue.${i.reason}`);
  const code = CODES[i.code];
  return code ? t(`tourEditor.issue.${code}`) : i.message;
}

/** Where an issue is, in words: "第 3 幕「交通早高峰」· 解说（英文）" style. */
export function issuePlace(i: TourIssue, t: TFunction): string {
  const scene =
    i.scene === null
      ? t('tourEditor.tourLevel')
      : t('tourEditor.sceneN', { n: i.scene + 1, title: i.sceneTitle ?? i.sceneId ?? '' });
  return `${scene} · ${i.field}`;
}
