import { useTranslation } from 'react-i18next';
import { useEventsDerived } from '../../live/use-live';
import { useNow } from '../../live/use-now';
import { PanelFrame } from '../panel-frame/panel-frame';
import { computeKpis } from './compute-kpis';
import './event-kpis.css';

export function EventKpisPanel({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  // Recomputed per minute too: "today" rolls over at local midnight.
  const minute = Math.floor(useNow() / 60_000);
  const kpis = useEventsDerived(
    (items) => computeKpis(items.values(), minute * 60_000, timezone),
    `${minute}|${timezone}`,
  );
  const cells = [
    { key: 'today', value: kpis.today, label: t('wall.kpi.today') },
    { key: 'open', value: kpis.open, label: t('wall.kpi.open') },
    { key: 'severe', value: kpis.severe, label: t('wall.kpi.severe'), alert: kpis.severe > 0 },
  ];
  return (
    <PanelFrame name="event-kpis" title={t('wall.kpi.today')}>
      <div className="kpis">
        {cells.map((c) => (
          <div key={c.key} className={`kpi${c.alert ? ' kpi--alert' : ''}`} data-kpi={c.key}>
            <span className="kpi__value">{c.value.toLocaleString()}</span>
            <span className="kpi__label">{c.label}</span>
          </div>
        ))}
      </div>
    </PanelFrame>
  );
}
