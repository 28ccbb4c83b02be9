import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCity } from '../../api/city';
import type { Lang } from '../../i18n';
import { connectLive } from '../../live/socket-client';
import { useEvents } from '../../live/use-live';
import { eventsBinding } from '../../map/events-binding';
import { MapView } from '../../map/map-view';
import { EventKpisPanel } from '../../panels/event-kpis/event-kpis-panel';
import { EventsByCategoryPanel } from '../../panels/events-by-category/events-by-category-panel';
import { FeedHealthPanel } from '../../panels/feed-health/feed-health-panel';
import { NewestEventsPanel } from '../../panels/newest-events/newest-events-panel';
import { WallHeader } from './wall-header';
import './wall.css';

/**
 * The operations-centre wall: the live map in the centre, panels around it, laid out by CSS grid in rem
 * so it fills any wall without scaling. Unattended: reconnects and resumes by itself, and reloads when
 * the server it reconnects to serves a new build.
 */
export function WallScreen() {
  const { t, i18n } = useTranslation();
  const city = useCity();
  const bindings = useMemo(() => [eventsBinding()], []);
  const [mapLoaded, setMapLoaded] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const hasSnapshot = useEvents((s) => s.seq >= 0);

  useEffect(
    () =>
      connectLive({
        topics: ['events', 'health'],
        onNewBuild: () => window.location.reload(),
      }),
    [],
  );

  // The explicit readiness signal for tests and monitoring: map loaded, first snapshot drawn.
  const ready = mapLoaded && hasSnapshot && drawn;
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(ready);
  }, [ready]);

  if (city.isError) return <p className="wall-error">{t('errors.loadCity')}</p>;
  if (!city.data) return null;
  const c = city.data;
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Lang;
  return (
    <div className="wall">
      <WallHeader cityName={c.name[lang]} timezone={c.timezone} />
      <div className="wall__left">
        <EventKpisPanel timezone={c.timezone} />
        <EventsByCategoryPanel />
      </div>
      <main className="wall__map" aria-label={t('wall.map')}>
        <MapView
          center={c.center}
          zoom={c.zoom}
          bounds={c.bounds}
          lang={lang}
          bindings={bindings}
          onLoad={() => setMapLoaded(true)}
          onLayersDrawn={() => {
            if (hasSnapshot) setDrawn(true);
          }}
        />
      </main>
      <div className="wall__right">
        <NewestEventsPanel timezone={c.timezone} />
        <FeedHealthPanel />
      </div>
    </div>
  );
}
