import { useTranslation } from 'react-i18next';
import { useEventsDerived } from '../../live/use-live';
import { useNow } from '../../live/use-now';
import { PanelFrame } from '../panel-frame/panel-frame';
import { computeKpis } from './compute-kpis';
import './event-kpis.css';

export function EventKpisPanel({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  // Recomputed per minute too: "today" rolls over at local midnight and SLAs run out with time.
  const minute = Math.floor(useNow() / 60_000);
  const kpis = useEventsDerived(
    (items) => computeKpis(items.values(), minute * 60_000, timezone),
    `${minute}|${timezone}`,
  );
  const rate = kpis.closureRate === null ? '—' : `${Math.round(kpis.closureRate * 100)}%`;
  const cells = [
    { key: 'today', value: kpis.today.toLocaleString(), label: t('wall.kpi.today') },
    { key: 'open', value: kpis.open.toLocaleString(), label: t('wall.kpi.open') },
    {
      key: 'overdue',
      value: kpis.overdue.toLocaleString(),
      label: t('wall.kpi.overdue'),
      alert: kpis.overdue > 0,
    },
    { key: 'closure-rate', value: rate, label: t('wall.kpi.closureRate') },
  ];
  return (
    <PanelFrame name="event-kpis" title={t('wall.kpi.title')}>
      <div className="kpis">
        {cells.map((c) => (
          <div key={c.key} className={`kpi${c.alert ? ' kpi--alert' : ''}`} data-kpi={c.key}>
            <span className="kpi__value">{c.value}</span>
            <span className="kpi__label">{c.label}</span>
          </div>
        ))}
      </div>
    </PanelFrame>
  );
}
