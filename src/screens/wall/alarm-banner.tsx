import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Warning } from '../../contract/entities';
import { LIVE } from '../../live/stores';
import { useEvents, useTopicDerived } from '../../live/use-live';
import { formatLocalTime } from '../../panels/newest-events/format-time';
import { beep } from './alarm-sound';
import { currentAlarms, newAlarmKeys } from './alarms';

const SHOWN = 3;

/**
 * Severe events (I–II) and red/orange warnings stay here until the console acknowledges them (see
 * src/contract/alarms.ts) or the event closes / the warning ends. A new alarm sounds if sound is enabled.
 */
export function AlarmBanner({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const hasSnapshot = useEvents((s) => s.seq >= 0);
  const warnings = useTopicDerived('warnings', (items) => [...items.values()], 0);
  const alarms = useTopicDerived(
    'events',
    (items) => currentAlarms(items.values(), warnings as Iterable<Warning>, SHOWN),
    LIVE.warnings.store.getState().rev,
  );
  const known = useRef<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (!hasSnapshot) return;
    // The first picture is the state of the city, not news: only alarms that appear after it sound.
    if (known.current !== null && newAlarmKeys(known.current, alarms.keys).length > 0) beep();
    known.current = alarms.keys;
  }, [alarms, hasSnapshot]);
  const total = alarms.keys.size;
  const shown = alarms.shown;
  if (total === 0) return null;
  return (
    <div className="alarm-banner" role="alert" data-alarms={total}>
      <span className="alarm-banner__badge">
        {t('alarm.title')} <strong>{total}</strong>
      </span>
      <ol className="alarm-banner__list">
        {shown.map((a) => (
          <li key={a.key} className="alarm-banner__item" data-alarm={a.key} data-grade={a.grade}>
            <span className="alarm-banner__grade">
              {a.kind === 'event' ? t(`severityShort.${a.grade}`) : t(`warningLevel.${a.grade}`)}
            </span>
            <span className="alarm-banner__title">{a.title}</span>
            <span className="alarm-banner__detail">{a.detail}</span>
            <time className="alarm-banner__time" dateTime={a.at}>
              {formatLocalTime(a.at, timezone)}
            </time>
          </li>
        ))}
      </ol>
      {total > SHOWN && <span className="alarm-banner__more">{t('alarm.more', { n: total - SHOWN })}</span>}
    </div>
  );
}
