import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleConfig, EventDetail, RequestableAction } from '../../../contract/console';

export interface DialogInput {
  reason?: string;
  note?: string;
  department?: string;
  planId?: string;
  assignee?: string;
  eventIds?: string[];
}

const REASON: readonly RequestableAction[] = ['return', 'rework', 'reopen', 'close'];

/**
 * What an action needs from the officer before it is sent: a reason (return, rework, reopen, close before
 * verification), a department (dispatch, preselected with the rules' suggestion), a note, the events to merge,
 * or the confirmation of an emergency plan. Keyboard first: the text field has focus, Enter sends, Esc cancels.
 */
export function ActionDialog({
  action,
  detail,
  config,
  count,
  onSubmit,
  onCancel,
}: {
  action: RequestableAction;
  /** The event acted on (null for a batch). */
  detail: EventDetail | null;
  config: ConsoleConfig | undefined;
  /** How many events a batch action applies to. */
  count: number;
  onSubmit: (input: DialogInput) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const suggested = detail?.suggestion.department?.id ?? '';
  const [department, setDepartment] = useState(suggested);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needsReason = REASON.includes(action);
  const plan = action === 'plan' ? detail?.suggestion.plan : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if ((needsReason || action === 'note' || action === 'merge') && !value) {
      setError(needsReason ? t('console.dialog.reasonRequired') : t('console.dialog.note'));
      return;
    }
    switch (action) {
      case 'dispatch':
        return onSubmit({ department, ...(value ? { note: value } : {}) });
      case 'note':
        return onSubmit({ note: value });
      case 'assign':
        return onSubmit({ assignee: value });
      case 'merge':
        return onSubmit({ eventIds: value.split(/[\s,，]+/).filter(Boolean) });
      case 'plan':
        return onSubmit({ ...(plan ? { planId: plan.id } : {}), ...(value ? { note: value } : {}) });
      default:
        return onSubmit(needsReason ? { reason: value } : { note: value });
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };
  const label = needsReason
    ? t('console.dialog.reason')
    : action === 'merge'
      ? t('console.dialog.mergeWith')
      : action === 'assign'
        ? t('console.actions.assign')
        : t('console.dialog.note');
  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t(`console.actions.${action}`)}
        onSubmit={submit}
      >
        <h2 className="dialog__title">
          {t(`console.actions.${action}`)}
          {count > 1 && <span className="dialog__count">{t('console.selected', { n: count })}</span>}
        </h2>
        {action === 'close' && detail?.event.status !== 'verified' && (
          <p className="dialog__hint">{t('console.dialog.closeBeforeVerify')}</p>
        )}
        {plan && detail && (
          <div className="dialog__plan">
            <p>{t('console.dialog.planConfirm', { name: plan.name[lang], n: plan.departments.length })}</p>
            <ul>
              {plan.departments.map((k) => (
                <li key={k}>{config?.kinds[k]?.name[lang] ?? k}</li>
              ))}
            </ul>
          </div>
        )}
        {action === 'dispatch' && (
          <label className="field">
            {t('console.dialog.department')}
            <select name="department" value={department} onChange={(e) => setDepartment(e.target.value)}>
              {config?.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name[lang]}
                  {d.id === suggested ? ' ★' : ''}
                </option>
              ))}
            </select>
            {detail?.suggestion.department && (
              <span className="dialog__hint">
                {t('console.dialog.suggested', { name: detail.suggestion.department.name[lang] })}
              </span>
            )}
          </label>
        )}
        <label className="field">
          {label}
          <input
            name={needsReason ? 'reason' : 'note'}
            autoFocus
            value={text}
            maxLength={needsReason ? 500 : 1000}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('console.dialog.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="btn btn--primary">
            {t('console.dialog.confirm')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
