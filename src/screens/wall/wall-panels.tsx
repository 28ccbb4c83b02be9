import { Fragment, useMemo, type ReactNode } from 'react';
import type { CityInfo } from '../../contract/rest';
import { useTranslation } from 'react-i18next';
import { ActiveWarningsPanel } from '../../panels/active-warnings/active-warnings-panel';
import { EventKpisPanel } from '../../panels/event-kpis/event-kpis-panel';
import { EventsByCategoryPanel } from '../../panels/events-by-category/events-by-category-panel';
import { EventsByDistrictPanel } from '../../panels/events-by-district/events-by-district-panel';
import { EventsTrendPanel } from '../../panels/events-trend/events-trend-panel';
import { FeedHealthPanel } from '../../panels/feed-health/feed-health-panel';
import { NewestEventsPanel } from '../../panels/newest-events/newest-events-panel';
import { SensorAlarmsPanel } from '../../panels/sensor-alarms/sensor-alarms-panel';
import { TrafficCongestionPanel } from '../../panels/traffic-congestion/traffic-congestion-panel';
import type { LayoutPreset } from './wall-params';

/**
 * Which panels each layout shows, column by column (left to right; the map sits in the middle, see
 * wall.css). Portrait ignores the columns: panels place themselves by grid-area name below the map.
 */
export const LAYOUT_COLUMNS: Record<Exclude<LayoutPreset, 'map-only'>, readonly (readonly string[])[]> = {
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
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const districtNames = useMemo(
    () => new Map(city.districts.map((d) => [d.code, en ? d.nameEn : d.name])),
    [city, en],
  );
  const streetNames = useMemo(() => new Map(city.streets.map((s) => [s.code, s.name])), [city]);
  const wide = layout === 'wide';
  const panels: Record<string, () => ReactNode> = {
    'event-kpis': () => <EventKpisPanel timezone={city.timezone} />,
    'events-trend': () => <EventsTrendPanel timezone={city.timezone} district={district} />,
    'events-by-category': () => <EventsByCategoryPanel limit={wide ? 10 : 6} />,
    'events-by-district': () => (
      <EventsByDistrictPanel
        by={district ? 'street' : 'district'}
        names={district ? streetNames : districtNames}
        limit={wide ? 10 : 6}
      />
    ),
    'traffic-congestion': () => <TrafficCongestionPanel district={district} limit={wide ? 8 : 5} />,
    'sensor-alarms': () => <SensorAlarmsPanel limit={wide ? 8 : 3} />,
    'active-warnings': () => <ActiveWarningsPanel limit={6} />,
    'newest-events': () => <NewestEventsPanel timezone={city.timezone} limit={wide ? 20 : 10} />,
    'feed-health': () => <FeedHealthPanel />,
  };
  return (
    <>
      {LAYOUT_COLUMNS[layout].map((column, i) => (
        <div key={i} className="wall__col" style={{ gridArea: `col${i + 1}` }}>
          {column.map((name) => (
            <Fragment key={name}>{panels[name]!()}</Fragment>
          ))}
        </div>
      ))}
    </>
  );
}
