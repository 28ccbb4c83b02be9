import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/echart';
import { useRemPx } from '../../components/use-rem-px';
import { useEventsDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { countByPlace, eventsByDistrictOption } from './events-by-district-option';

export interface EventsByDistrictPanelProps {
  /** District or 街道 code → display name. */
  names: ReadonlyMap<string, string>;
  /** `street` on a display focused on one district. */
  by: 'district' | 'street';
  limit?: number;
}

export function EventsByDistrictPanel({ names, by, limit = 8 }: EventsByDistrictPanelProps) {
  const { t, i18n } = useTranslation();
  const remPx = useRemPx();
  const rows = useEventsDerived(
    (items) => countByPlace(items.values(), by, names, t('wall.unknownPlace'), limit),
    `${by}|${limit}|${names.size}|${i18n.language}`,
  );
  const option = useMemo(() => eventsByDistrictOption(rows, remPx), [rows, remPx]);
  const title = by === 'street' ? t('wall.byStreet') : t('wall.byDistrict');
  return (
    <PanelFrame name="events-by-district" title={title}>
      {rows.length === 0 ? (
        <p className="panel__empty">{t('wall.noEvents')}</p>
      ) : (
        <EChart option={option} label={title} />
      )}
    </PanelFrame>
  );
}
