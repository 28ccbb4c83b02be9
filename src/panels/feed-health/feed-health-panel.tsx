import { useTranslation } from 'react-i18next';
import type { FeedHealth } from '../../contract/feed-health';
import { healthStore } from '../../live/stores';
import { useHealth } from '../../live/use-live';
import { useNow } from '../../live/use-now';
import { PanelFrame } from '../panel-frame/panel-frame';
import { formatAgo } from './format-ago';
import './feed-health.css';

/** Per-feed freshness: a silent feed shows as stale or down, never as a quiet city. */
export function FeedHealthPanel() {
  const { t } = useTranslation();
  useHealth((s) => s.rev);
  const now = useNow();
  const list: FeedHealth[] = [...healthStore.getState().items.values()];
  return (
    <PanelFrame name="feed-health" title={t('wall.feeds')}>
      <ul className="feeds">
        {list.map((f) => (
          <li key={f.source} className="feed" data-feed={f.source} data-state={f.state}>
            <span className="feed__dot" aria-hidden />
            <span className="feed__name">{t(`source.${f.source}`)}</span>
            <span className="feed__state">{t(`feedState.${f.state}`)}</span>
            <span className="feed__ago">
              {f.lastMessageAt
                ? t('freshness.updated', { ago: formatAgo(now - Date.parse(f.lastMessageAt), t) })
                : t('freshness.never')}
            </span>
          </li>
        ))}
      </ul>
    </PanelFrame>
  );
}
