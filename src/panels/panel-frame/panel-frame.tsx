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
  /** Not fed by the live stream (server-state screens such as /admin, /audit): only `stale` marks it stale. */
  serverState?: boolean;
  children: ReactNode;
}

/**
 * Panels a display was told to fail (`/wall?failPanel=<name>`): a drill that proves one failing panel leaves
 * the rest of the wall running. Harmless by construction: it only breaks that panel on that display.
 */
const drills = new Set<string>();
export function setPanelDrills(names: Iterable<string>): void {
  drills.clear();
  for (const n of names) drills.add(n);
}

function Drill({ name }: { name: string }): null {
  if (drills.has(name)) throw new Error(`drill: panel ${name} failed on purpose`);
  return null;
}

/**
 * The frame every wall panel sits in: title, a visible stale marker (old numbers are never shown as
 * current), and its own error boundary so one failing panel leaves the others running.
 */
export function PanelFrame({ name, title, stale, serverState, children }: PanelFrameProps) {
  const { t } = useTranslation();
  const live = useConnection((s) => s.status === 'live');
  const isStale = (!live && !serverState) || Boolean(stale);
  return (
    <section
      className={`panel${isStale ? ' panel--stale' : ''}`}
      data-panel={name}
      data-stale={isStale}
      style={{ gridArea: name }}
    >
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
          <Drill name={name} />
          {children}
        </ErrorBoundary>
      </div>
    </section>
  );
}
