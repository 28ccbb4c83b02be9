import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConflictError, useAcknowledge, useBatchAction, useEventAction } from '../../api/console';
import type { EventDetail, RequestableAction } from '../../contract/console';
import { CodedError } from '../../contract/errors';
import type { Event } from '../../contract/event';
import { errorText } from '../../i18n/error-text';
import type { DialogInput } from './detail/action-dialog';
import { BATCH_ACTIONS, needsDialog, type BatchAction } from './shortcuts';

export interface Toast {
  kind: 'ok' | 'error';
  text: string;
  code?: string;
}

export interface DialogState {
  action: RequestableAction;
  /** The checked events a batch action goes to; null: the open event. */
  batch: { id: string; version: number }[] | null;
}

/**
 * Runs the console's actions: straight away when nothing more is needed, through the dialog when a reason,
 * department or note is; batch actions on the checked rows; a 409 becomes an explanation, not a failure.
 */
export function useActionRunner(detail: EventDetail | undefined) {
  const { t, i18n } = useTranslation();
  const single = useEventAction();
  const batch = useBatchAction();
  const ack = useAcknowledge();
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [conflict, setConflict] = useState<{ seen: number; current: Event } | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);

  const fail = useCallback(
    (err: unknown) => {
      const code = err instanceof CodedError ? err.code : 'INTERNAL';
      setToast({
        kind: 'error',
        text: t('console.failed', { message: errorText(err, i18n.language) }),
        code,
      });
    },
    [t, i18n.language],
  );

  const send = useCallback(
    (action: RequestableAction, input: DialogInput = {}) => {
      if (!detail) return;
      const e = detail.event;
      setConflict(null);
      single.mutate(
        { id: e.id, body: { action, version: e.version, ...input } },
        {
          onSuccess: () =>
            setToast({ kind: 'ok', text: t('console.done', { action: t(`console.actions.${action}`) }) }),
          onError: (err) => {
            if (err instanceof ConflictError) {
              setConflict({ seen: err.seen, current: err.current });
              setToast(null);
            } else fail(err);
          },
        },
      );
    },
    [detail, single, t, fail],
  );

  const sendBatch = useCallback(
    (action: BatchAction, items: { id: string; version: number }[], input: DialogInput = {}) => {
      batch.mutate(
        {
          action,
          items,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.note ? { note: input.note } : {}),
        },
        {
          onSuccess: (r) => {
            const ok = r.results.filter((x) => x.ok).length;
            setToast({
              kind: ok === items.length ? 'ok' : 'error',
              text: t('console.batch.done', {
                action: t(`console.actions.${action}`),
                ok,
                failed: items.length - ok,
              }),
            });
          },
          onError: fail,
        },
      );
    },
    [batch, t, fail],
  );

  /** An action on the open event (or, with `items`, on the checked ones): asks first when it must. */
  const request = useCallback(
    (action: RequestableAction, items: { id: string; version: number }[] | null = null) => {
      if (items && items.length > 0) {
        if (!(BATCH_ACTIONS as readonly string[]).includes(action)) return;
        if (action === 'close') setDialog({ action, batch: items });
        else sendBatch(action as BatchAction, items);
        return;
      }
      if (!detail || !detail.allowedActions.includes(action)) return;
      if (needsDialog(action, detail.event.status)) setDialog({ action, batch: null });
      else send(action);
    },
    [detail, send, sendBatch],
  );

  const submitDialog = useCallback(
    (input: DialogInput) => {
      if (!dialog) return;
      setDialog(null);
      if (dialog.batch) sendBatch(dialog.action as BatchAction, dialog.batch, input);
      else send(dialog.action, input);
    },
    [dialog, send, sendBatch],
  );

  const acknowledge = useCallback(() => {
    if (!detail) return;
    ack.mutate(detail.event.id, {
      onSuccess: () =>
        setToast({ kind: 'ok', text: t('console.done', { action: t('console.actions.acknowledge') }) }),
      onError: fail,
    });
  }, [ack, detail, t, fail]);

  return {
    request,
    send,
    acknowledge,
    dialog,
    cancelDialog: () => setDialog(null),
    submitDialog,
    conflict,
    dismissConflict: () => setConflict(null),
    toast,
    busy: single.isPending || batch.isPending || ack.isPending,
  };
}
