import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueCounts } from '../../../contract/console';
import { CATEGORIES, SEVERITIES } from '../../../contract/event';
import { SOURCE_IDS } from '../../../contract/source';
import type { CityInfo } from '../../../contract/rest';
import { OPEN_STATUSES, type QueueFilter } from './queue-filter';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The queue's filters: status tabs with their counts, source/category/severity/district, overdue only,
 * full-text search (focus with /), sort. Every change is a new query (TanStack Query key).
 */
export function QueueToolbar({
  filter,
  onChange,
  counts,
  city,
  searchRef,
}: {
  filter: QueueFilter;
  onChange: (f: QueueFilter) => void;
  counts: QueueCounts | undefined;
  city: CityInfo;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { t, i18n } = useTranslation();
  const set = <K extends keyof QueueFilter>(k: K, v: QueueFilter[K]) => onChange({ ...filter, [k]: v });
  // The search runs when typing pauses (or on Enter), not per keystroke: each query reads the open events.
  const [text, setText] = useState(filter.q);
  const latest = useRef({ filter, onChange });
  useEffect(() => {
    latest.current = { filter, onChange };
  });
  useEffect(() => setText(filter.q), [filter.q]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const { filter: f, onChange: change } = latest.current;
      if (text !== f.q) change({ ...f, q: text });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const openTotal = counts ? OPEN_STATUSES.reduce((n, s) => n + counts.byStatus[s], 0) : null;
  const tabs: { value: QueueFilter['status']; label: string; n: number | null }[] = [
    { value: 'open', label: t('console.allStatuses'), n: openTotal },
    ...OPEN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`), n: counts?.byStatus[s] ?? null })),
    { value: 'all', label: t('console.closedToo'), n: null },
  ];
  const select = (k: 'source' | 'category' | 'severity' | 'district', options: [string, string][]) => (
    <label className="qt__field">
      <span>{t(`console.filters.${k}`)}</span>
      <select name={k} value={filter[k]} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('console.filters.any')}</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="qt">
      <div className="qt__tabs" role="tablist" aria-label={t('console.columns.status')}>
        {tabs.map((tab) => (
          <button
            key={tab.value}
            type="button"
            role="tab"
            aria-selected={filter.status === tab.value}
            className={`qt__tab ${filter.status === tab.value ? 'qt__tab--on' : ''}`}
            data-status-tab={tab.value}
            onClick={() => set('status', tab.value)}
          >
            {tab.label}
            {tab.n !== null && <span className="qt__count">{tab.n}</span>}
          </button>
        ))}
        <label className={`qt__toggle ${filter.overdue ? 'qt__toggle--on' : ''}`}>
          <input
            type="checkbox"
            checked={filter.overdue}
            onChange={(e) => set('overdue', e.target.checked)}
          />
          {t('console.filters.overdue')}
          {counts && <span className="qt__count qt__count--alert">{counts.overdue}</span>}
        </label>
      </div>
      <div className="qt__row">
        <input
          ref={searchRef}
          className="qt__search"
          type="search"
          name="q"
          placeholder={t('console.search')}
          aria-label={t('console.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text !== filter.q) set('q', text);
            if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        {select(
          'source',
          SOURCE_IDS.map((s) => [s, t(`source.${s}`)]),
        )}
        {select(
          'category',
          CATEGORIES.map((c) => [c, t(`category.${c}`)]),
        )}
        {select(
          'severity',
          SEVERITIES.map((s) => [s, t(`severityShort.${s}`)]),
        )}
        {select(
          'district',
          city.districts.map((d) => [d.code, i18n.language === 'en' ? d.nameEn : d.name]),
        )}
        <label className="qt__field">
          <span>{t('console.sort.label')}</span>
          <select
            name="sort"
            value={filter.sort}
            onChange={(e) => set('sort', e.target.value as QueueFilter['sort'])}
          >
            {(['sla', 'reported', 'updated', 'severity'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`console.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
