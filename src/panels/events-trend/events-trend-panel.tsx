import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEventsHourly } from '../../api/stats';
import { EChart } from '../../components/echart';
import { useRemPx } from '../../components/use-rem-px';
import { PanelFrame } from '../panel-frame/panel-frame';
import { eventsTrendOption } from './events-trend-option';

/** The last 24 hours, from the server's history (not the live window), refreshed by live deltas. */
export function EventsTrendPanel({ timezone, district }: { timezone: string; district: string | null }) {
  const { t } = useTranslation();
  const remPx = useRemPx();
  const q = useEventsHourly(24, district);
  const option = useMemo(
    () =>
      q.data
        ? eventsTrendOption(
            q.data,
            timezone,
            { reported: t('wall.trend.reported'), closed: t('wall.trend.closed') },
            remPx,
          )
        : null,
    [q.data, timezone, t, remPx],
  );
  // A failed refresh leaves the last curve on screen: marked stale, never shown as current.
  return (
    <PanelFrame name="events-trend" title={t('wall.trend.title')} stale={q.isError}>
      {option ? (
        <EChart option={option} label={t('wall.trend.title')} />
      ) : (
        <p className="panel__empty">{q.isError ? t('freshness.never') : t('wall.loading')}</p>
      )}
    </PanelFrame>
  );
}
