import { useTranslation } from 'react-i18next';
import type { Event } from '../../../contract/event';

/** A 409 explained: what the officer saw, what the event is now; the pane already shows the latest state. */
export function ConflictBanner({
  seen,
  current,
  onDismiss,
}: {
  seen: number;
  current: Event;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="conflict"
      role="alert"
      data-testid="conflict-banner"
      data-current-version={current.version}
    >
      <strong>{t('console.conflict.title')}</strong>
      <span>
        {t('console.conflict.body', { seen, now: current.version, status: t(`status.${current.status}`) })}
      </span>
      <button type="button" className="btn btn--small" onClick={onDismiss}>
        {t('console.conflict.dismiss')}
      </button>
    </div>
  );
}
