import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrafficDistricts } from '../../api/stats';
import { EChart } from '../../components/echart';
import { useRemPx } from '../../components/use-rem-px';
import { useHealth } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import {
  BAND_COLOR,
  congestionRows,
  overallIndex,
  trafficCongestionOption,
} from './traffic-congestion-option';
import './traffic-congestion.css';

/** The congestion index per district (server-computed, refreshed by live traffic batches) and overall. */
export function TrafficCongestionPanel({ district, limit = 8 }: { district: string | null; limit?: number }) {
  const { t } = useTranslation();
  const remPx = useRemPx();
  const q = useTrafficDistricts();
  const all = useMemo(() => congestionRows(q.data?.items ?? [], district, Infinity), [q.data, district]);
  const rows = useMemo(() => all.slice(0, limit), [all, limit]);
  const overall = useMemo(() => overallIndex(all), [all]);
  const option = useMemo(() => trafficCongestionOption(rows, remPx), [rows, remPx]);
  const feed = useHealth((s) => s.items.get('traffic')?.state);
  return (
    <PanelFrame
      name="traffic-congestion"
      title={t('wall.traffic.title')}
      stale={feed === 'stale' || feed === 'down' || q.isError}
    >
      {overall === null ? (
        <p className="panel__empty">{q.isPending ? t('wall.loading') : t('freshness.never')}</p>
      ) : (
        <>
          <p className="congestion__city" data-index={overall.index.toFixed(1)}>
            <span className="congestion__label">{t('wall.traffic.city')}</span>
            <span className="congestion__value" style={{ color: BAND_COLOR[overall.band] }}>
              {overall.index.toFixed(1)}
            </span>
            <span className="congestion__band" style={{ color: BAND_COLOR[overall.band] }}>
              {t(`congestionBand.${overall.band}`)}
            </span>
          </p>
          <div className="congestion__chart">
            <EChart option={option} label={t('wall.traffic.title')} />
          </div>
        </>
      )}
    </PanelFrame>
  );
}
