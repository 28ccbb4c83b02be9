import { useTranslation } from 'react-i18next';
import { ACTION_KEYS, BATCH_ACTIONS, type BatchAction } from '../shortcuts';

/** Shown while events are checked: one action for all of them (each applied on its own by the server). */
export function BatchBar({
  count,
  onAction,
  onClear,
  busy,
}: {
  count: number;
  onAction: (a: BatchAction) => void;
  onClear: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="batch"
      role="toolbar"
      aria-label={t('console.selected', { n: count })}
      data-testid="batch-bar"
    >
      <strong>{t('console.selected', { n: count })}</strong>
      {BATCH_ACTIONS.map((a) => (
        <button key={a} type="button" className="btn btn--small" disabled={busy} onClick={() => onAction(a)}>
          {t(`console.actions.${a}`)}
          <kbd>{ACTION_KEYS[a]}</kbd>
        </button>
      ))}
      <button type="button" className="btn btn--small btn--ghost" onClick={onClear}>
        {t('console.clearSelection')}
      </button>
    </div>
  );
}
