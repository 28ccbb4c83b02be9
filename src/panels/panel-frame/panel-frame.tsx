import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../../components/error-boundary';
import { useConnection } from '../../live/use-live';
import './panel-frame.css';

export interface PanelFrameProps {
  /** Stable name, used by tests and by per-display layout parameters. */
  name: string;
  title: string;
  /** Extra staleness beyond the connection (e.g. the panel's own feed is stale). */
  stale?: boolean;
  children: ReactNode;
}

/**
 * The frame every wall panel sits in: title, a visible stale marker (old numbers are never shown as
 * current), and its own error boundary so one failing panel leaves the others running.
 */
export function PanelFrame({ name, title, stale, children }: PanelFrameProps) {
  const { t } = useTranslation();
  const live = useConnection((s) => s.status === 'live');
  const isStale = !live || Boolean(stale);
  return (
    <section className={`panel${isStale ? ' panel--stale' : ''}`} data-panel={name} data-stale={isStale}>
      <header className="panel__header">
        <h2 className="panel__title">{title}</h2>
        {isStale && <span className="panel__stale">{t('freshness.stale')}</span>}
      </header>
      <div className="panel__body">
        <ErrorBoundary
          fallback={(error, reset) => (
            <div className="panel__error" role="alert" data-panel-error={name}>
              <p>{t('errors.panel', { message: error.message })}</p>
              <button type="button" onClick={reset}>
                {t('errors.retry')}
              </button>
            </div>
          )}
        >
          {children}
        </ErrorBoundary>
      </div>
    </section>
  );
}
