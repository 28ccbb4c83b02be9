import { useTranslation } from 'react-i18next';
import type { Event } from '../../../contract/event';
import { SeverityChip, StatusChip } from '../chips';
import { cityTime } from '../format';

/** Every source report of the incident; a wrongly correlated one is split out by hand. */
export function RelatedReports({
  related,
  timezone,
  onOpen,
  onSplit,
  canSplit,
}: {
  related: readonly Event[];
  timezone: string;
  onOpen: (id: string) => void;
  onSplit: (id: string) => void;
  canSplit: boolean;
}) {
  const { t } = useTranslation();
  if (related.length === 0) return <p className="muted">{t('console.detail.noRelated')}</p>;
  return (
    <ul className="related" data-testid="related">
      {related.map((r) => (
        <li key={r.id} className="related__item" data-event-id={r.id}>
          <SeverityChip severity={r.severity} />
          <StatusChip status={r.status} />
          <button type="button" className="link related__title" onClick={() => onOpen(r.id)} title={r.title}>
            {t(`source.${r.source}`)} · {r.title}
          </button>
          <span className="related__time">{cityTime(r.reportedAt, timezone)}</span>
          {canSplit && (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => onSplit(r.id)}>
              {t('console.detail.split')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
