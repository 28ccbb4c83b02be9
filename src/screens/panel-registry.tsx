import { useCallback, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityInfo } from '../contract/rest';
import type { PanelId } from '../contract/tour';
import { ActiveWarningsPanel } from '../panels/active-warnings/active-warnings-panel';
import { EventKpisPanel } from '../panels/event-kpis/event-kpis-panel';
import { EventsByCategoryPanel } from '../panels/events-by-category/events-by-category-panel';
import { EventsByDistrictPanel } from '../panels/events-by-district/events-by-district-panel';
import { EventsTrendPanel } from '../panels/events-trend/events-trend-panel';
import { FeedHealthPanel } from '../panels/feed-health/feed-health-panel';
import { NewestEventsPanel } from '../panels/newest-events/newest-events-panel';
import { SensorAlarmsPanel } from '../panels/sensor-alarms/sensor-alarms-panel';
import { TrafficCongestionPanel } from '../panels/traffic-congestion/traffic-congestion-panel';

/**
 * The one registry of panels by name (their PanelFrame name, the contract's PanelId): the wall's layouts and the
 * tour's scenes both place panels by name, and both get the same panel with the same options from here.
 */
export function usePanels(
  city: CityInfo,
  opts: { district: string | null; wide: boolean },
): (id: PanelId) => ReactNode {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const districtNames = useMemo(
    () => new Map(city.districts.map((d) => [d.code, en ? d.nameEn : d.name])),
    [city, en],
  );
  const streetNames = useMemo(() => new Map(city.streets.map((s) => [s.code, s.name])), [city]);
  const { district, wide } = opts;
  return useCallback(
    (id: PanelId): ReactNode => {
      switch (id) {
        case 'event-kpis':
          return <EventKpisPanel timezone={city.timezone} />;
        case 'events-trend':
          return <EventsTrendPanel timezone={city.timezone} district={district} />;
        case 'events-by-category':
          return <EventsByCategoryPanel limit={wide ? 10 : 6} />;
        case 'events-by-district':
          return (
            <EventsByDistrictPanel
              by={district ? 'street' : 'district'}
              names={district ? streetNames : districtNames}
              limit={wide ? 10 : 6}
            />
          );
        case 'traffic-congestion':
          return <TrafficCongestionPanel district={district} limit={wide ? 8 : 5} />;
        case 'sensor-alarms':
          return <SensorAlarmsPanel limit={wide ? 8 : 3} />;
        case 'active-warnings':
          return <ActiveWarningsPanel limit={6} />;
        case 'newest-events':
          return <NewestEventsPanel timezone={city.timezone} limit={wide ? 20 : 10} />;
        case 'feed-health':
          return <FeedHealthPanel />;
      }
    },
    [city, district, wide, districtNames, streetNames],
  );
}
