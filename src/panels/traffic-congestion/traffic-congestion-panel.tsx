import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { loadRoads } from '../../api/map-data';
import { EChart } from '../../components/echart';
import { useRemPx } from '../../components/use-rem-px';
import { useHealth, useTopicDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { congestionIndex } from './congestion-index';
import { BAND_COLOR, trafficCongestionOption } from './traffic-congestion-option';
import './traffic-congestion.css';

/** The congestion index per district (live traffic states × road lengths) and for the whole area shown. */
export function TrafficCongestionPanel({
  names,
  limit = 8,
}: {
  names: ReadonlyMap<string, string>;
  limit?: number;
}) {
  const { t } = useTranslation();
  const remPx = useRemPx();
  const roads = useQuery({ queryKey: ['map', 'roads'], queryFn: loadRoads, staleTime: Infinity });
  const lengths = useMemo(
    () => new Map((roads.data?.features ?? []).map((f) => [f.properties.id, f.properties.lengthM])),
    [roads.data],
  );
  const result = useTopicDerived(
    'traffic',
    (items) => congestionIndex(items.values(), (id) => lengths.get(id)),
    lengths.size,
  );
  const feed = useHealth((s) => s.items.get('traffic')?.state);
  const rows = result.districts.slice(0, limit);
  const option = useMemo(() => trafficCongestionOption(rows, names, remPx), [rows, names, remPx]);
  return (
    <PanelFrame
      name="traffic-congestion"
      title={t('wall.traffic.title')}
      stale={feed === 'stale' || feed === 'down'}
    >
      {result.city === null ? (
        <p className="panel__empty">{t('freshness.never')}</p>
      ) : (
        <>
          <p className="congestion__city" data-index={result.city.index.toFixed(1)}>
            <span className="congestion__label">{t('wall.traffic.city')}</span>
            <span className="congestion__value" style={{ color: BAND_COLOR[result.city.band] }}>
              {result.city.index.toFixed(1)}
            </span>
            <span className="congestion__band" style={{ color: BAND_COLOR[result.city.band] }}>
              {t(`congestionBand.${result.city.band}`)}
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
