import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFitCount } from '../../components/use-fit-count';
import { useHealth, useTopicDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { summarizeSensorAlarms } from './sensor-alarms';
import './sensor-alarms.css';

const fmt = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1));

/** IoT alarms now: how many per sensor type, and the latest alarmed sensors with their readings. */
export function SensorAlarmsPanel({ limit = 6 }: { limit?: number }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const shown = useFitCount(box, 2.2, limit);
  const s = useTopicDerived('sensors', (items) => summarizeSensorAlarms(items.values(), shown), shown);
  const feed = useHealth((h) => h.items.get('iot')?.state);
  return (
    <PanelFrame
      name="sensor-alarms"
      title={t('wall.sensors.title')}
      stale={feed === 'stale' || feed === 'down'}
    >
      {s.total === 0 ? (
        <p className="panel__empty">{t('freshness.never')}</p>
      ) : (
        <>
          <ul className="sensor-types">
            {s.byType.map((b) => (
              <li key={b.type} className="sensor-type" data-type={b.type} data-count={b.count}>
                <span className="sensor-type__dot" aria-hidden />
                <span className="sensor-type__name">{t(`sensorType.${b.type}`)}</span>
                <span className={`sensor-type__count${b.count > 0 ? ' is-alarm' : ''}`}>{b.count}</span>
              </li>
            ))}
          </ul>
          <div ref={box} className="sensor-alarms__box">
            {s.latest.length === 0 ? (
              <p className="panel__empty">{t('wall.sensors.none', { n: s.total })}</p>
            ) : (
              <ol className="sensor-alarms">
                {s.latest.map((a) => (
                  <li key={a.id} className="sensor-alarm" data-sensor-id={a.id}>
                    <span className="sensor-alarm__type">{t(`sensorType.${a.type}`)}</span>
                    <span className="sensor-alarm__id">{a.id}</span>
                    <span className="sensor-alarm__value">
                      {fmt(a.value)} {a.unit}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      )}
    </PanelFrame>
  );
}
