import { useTranslation } from 'react-i18next';
import type { RequestableAction } from '../../../contract/console';
import { ACTION_KEYS, ACTION_ORDER } from '../shortcuts';

/** The actions the state machine allows now, in lifecycle order, each with its shortcut key shown. */
export function ActionBar({
  allowed,
  onAction,
  busy,
}: {
  allowed: readonly RequestableAction[];
  onAction: (a: RequestableAction) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const shown = ACTION_ORDER.filter((a) => allowed.includes(a));
  return (
    <div className="actions" role="toolbar" aria-label={t('console.shortcuts.title')}>
      {shown.map((a) => (
        <button
          key={a}
          type="button"
          className={`btn btn--action ${a === 'plan' ? 'btn--plan' : ''} ${a === 'note' || a === 'merge' ? 'btn--ghost' : ''}`}
          data-action={a}
          disabled={busy}
          onClick={() => onAction(a)}
        >
          {t(`console.actions.${a}`)}
          {ACTION_KEYS[a] && <kbd>{ACTION_KEYS[a]}</kbd>}
        </button>
      ))}
    </div>
  );
}
