import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/echart';
import { useRemPx } from '../../components/use-rem-px';
import { useEventsDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { countByCategory, eventsByCategoryOption } from './events-by-category-option';

export function EventsByCategoryPanel({ limit = 8 }: { limit?: number }) {
  const { t, i18n } = useTranslation();
  const remPx = useRemPx();
  const rows = useEventsDerived(
    (items) => countByCategory(items.values(), (c) => t(`category.${c}`), limit),
    `${i18n.language}|${limit}`,
  );
  const option = useMemo(() => eventsByCategoryOption(rows, remPx), [rows, remPx]);
  return (
    <PanelFrame name="events-by-category" title={t('wall.byCategory')}>
      {rows.length === 0 ? (
        <p className="panel__empty">{t('wall.noEvents')}</p>
      ) : (
        <EChart option={option} label={t('wall.byCategory')} />
      )}
    </PanelFrame>
  );
}
