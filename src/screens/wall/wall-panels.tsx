import { Fragment } from 'react';
import type { CityInfo } from '../../contract/rest';
import type { PanelId } from '../../contract/tour';
import { usePanels } from '../panel-registry';
import type { LayoutPreset } from './wall-params';

/**
 * Which panels each layout shows, column by column (left to right; the map sits in the middle, see
 * wall.css). Portrait ignores the columns: panels place themselves by grid-area name below the map.
 */
export const LAYOUT_COLUMNS: Record<Exclude<LayoutPreset, 'map-only'>, readonly (readonly PanelId[])[]> = {
  standard: [
    ['event-kpis', 'events-trend', 'events-by-category', 'events-by-district'],
    ['traffic-congestion', 'sensor-alarms', 'newest-events', 'feed-health'],
  ],
  wide: [
    ['event-kpis', 'events-trend', 'events-by-category'],
    ['traffic-congestion', 'events-by-district'],
    ['newest-events'],
    ['sensor-alarms', 'active-warnings', 'feed-health'],
  ],
  portrait: [
    [
      'event-kpis',
      'events-trend',
      'traffic-congestion',
      'events-by-category',
      'events-by-district',
      'sensor-alarms',
      'newest-events',
      'feed-health',
    ],
  ],
};

export function WallPanels({
  layout,
  city,
  district,
}: {
  layout: Exclude<LayoutPreset, 'map-only'>;
  city: CityInfo;
  district: string | null;
}) {
  const panel = usePanels(city, { district, wide: layout === 'wide' });
  return (
    <>
      {LAYOUT_COLUMNS[layout].map((column, i) => (
        <div key={i} className="wall__col" style={{ gridArea: `col${i + 1}` }}>
          {column.map((name) => (
            <Fragment key={name}>{panel(name)}</Fragment>
          ))}
        </div>
      ))}
    </>
  );
}
