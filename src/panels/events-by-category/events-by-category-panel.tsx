import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/echart';
import { useEventsDerived } from '../../live/use-live';
import { useRemPx } from '../../components/use-rem-px';
import { PanelFrame } from '../panel-frame/panel-frame';
import { countByCategory, eventsByCategoryOption } from './events-by-category-option';

export function EventsByCategoryPanel() {
  const { t, i18n } = useTranslation();
  const remPx = useRemPx();
  const option = useEventsDerived(
    (items) =>
      eventsByCategoryOption(
        countByCategory(items.values(), (c) => t(`category.${c}`)),
        remPx,
      ),
    `${remPx}|${i18n.language}`,
  );
  return (
    <PanelFrame name="events-by-category" title={t('wall.byCategory')}>
      <EChart option={option} label={t('wall.byCategory')} />
    </PanelFrame>
  );
}
