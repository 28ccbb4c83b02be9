import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Event } from '../../../contract/event';
import type { CityInfo } from '../../../contract/rest';
import { presenceStore } from '../../../live/presence-store';
import { SeverityChip, StatusChip } from '../chips';
import { cityTime } from '../format';
import { SlaCountdown } from '../sla-countdown';

/**
 * The queue: one dense row per event (severity, status, title, category, district, source, reported time,
 * SLA countdown, escalation, who else has it open). Click or J/K selects; X or the box checks for batch actions.
 */
export function QueueTable({
  items,
  selectedId,
  checked,
  onSelect,
  onToggle,
  city,
  now,
  meId,
}: {
  items: readonly Event[];
  selectedId: string | null;
  checked: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onToggle: (id: string) => void;
  city: CityInfo;
  now: number;
  meId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const viewers = useStore(presenceStore, (s) => s.viewers);
  const selectedRow = useRef<HTMLTableRowElement>(null);
  // A block body: Chromium's scrollIntoView returns a promise now, and an effect may return only a cleanup.
  useEffect(() => {
    void selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  const districtName = (code: string | null) => {
    const d = city.districts.find((x) => x.code === code);
    return d ? (i18n.language === 'en' ? d.nameEn : d.name) : '—';
  };
  return (
    <table className="qtable" data-testid="queue">
      <thead>
        <tr>
          <th className="qtable__check" aria-label={t('console.select')} />
          <th>{t('console.columns.severity')}</th>
          <th>{t('console.columns.status')}</th>
          <th className="qtable__title">{t('console.columns.title')}</th>
          <th>{t('console.columns.district')}</th>
          <th>{t('console.columns.source')}</th>
          <th>{t('console.columns.reported')}</th>
          <th>{t('console.columns.sla')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => {
          const others = (viewers[e.id] ?? []).filter((v) => v.id !== meId);
          const selected = e.id === selectedId;
          return (
            <tr
              key={e.id}
              ref={selected ? selectedRow : undefined}
              className={`qrow ${selected ? 'qrow--selected' : ''} ${checked.has(e.id) ? 'qrow--checked' : ''}`}
              data-event-id={e.id}
              data-status={e.status}
              aria-selected={selected}
              onClick={() => onSelect(e.id)}
            >
              <td className="qtable__check">
                <input
                  type="checkbox"
                  aria-label={t('console.select')}
                  checked={checked.has(e.id)}
                  onClick={(ev) => ev.stopPropagation()}
                  onChange={() => onToggle(e.id)}
                />
              </td>
              <td>
                <SeverityChip severity={e.severity} />
              </td>
              <td>
                <StatusChip status={e.status} />
              </td>
              <td className="qtable__title">
                <span className="qrow__line">
                  <span className="qrow__title" title={e.title}>
                    {e.title}
                  </span>
                  {(e.escalationLevel ?? 0) > 0 && (
                    <span className="badge badge--escalated" data-escalation={e.escalationLevel}>
                      ↑{e.escalationLevel}
                    </span>
                  )}
                  {others.length > 0 && (
                    <span className="badge badge--viewers" data-viewers={others.map((v) => v.name).join(',')}>
                      {t('console.viewing', { names: others.map((v) => v.name).join('、') })}
                    </span>
                  )}
                </span>
                <span className="qrow__sub" title={e.address}>
                  {t(`category.${e.category}`)} · {e.address}
                </span>
              </td>
              <td className="qtable__nowrap">{districtName(e.district)}</td>
              <td className="qtable__nowrap">{t(`source.${e.source}`)}</td>
              <td className="qtable__nowrap qtable__num">{cityTime(e.reportedAt, city.timezone)}</td>
              <td className="qtable__nowrap">
                <SlaCountdown event={e} now={now} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
