import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishedWarning } from '../../../contract/console';
import { cityTime } from '../format';

/** What the console published, newest first: update or cancel the ones still in force; each links its CAP XML. */
export function PublishedList({
  items,
  timezone,
  onUpdate,
  onCancel,
  busy,
}: {
  items: readonly PublishedWarning[];
  timezone: string;
  onUpdate: (w: PublishedWarning) => void;
  onCancel: (w: PublishedWarning, reason: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  if (items.length === 0) return <p className="muted">{t('publish.none')}</p>;
  return (
    <ul className="published" data-testid="published">
      {items.map((w) => {
        const live = !w.superseded && w.msgType !== 'Cancel';
        return (
          <li
            key={w.id}
            className={`published__item ${live ? '' : 'published__item--old'}`}
            data-msg-type={w.msgType}
            data-identifier={w.identifier}
          >
            <span className={`chip chip--warn-${w.level}`}>{t(`warningLevel.${w.level}`)}</span>
            <span className="published__type">{t(`publish.msgType.${w.msgType}`)}</span>
            <span className="published__headline" title={w.headline}>
              {w.headline}
            </span>
            <span className="published__meta">
              {cityTime(w.sent, timezone)} · {live ? t('publish.active') : t('publish.superseded')} ·{' '}
              <a href={w.url} target="_blank" rel="noreferrer">
                CAP XML
              </a>
            </span>
            {live && (
              <span className="published__actions">
                <button type="button" className="btn btn--small" disabled={busy} onClick={() => onUpdate(w)}>
                  {t('publish.update')}
                </button>
                <button
                  type="button"
                  className="btn btn--small btn--danger"
                  disabled={busy}
                  onClick={() => setCancelling(w.id)}
                >
                  {t('publish.cancelWarning')}
                </button>
              </span>
            )}
            {cancelling === w.id && (
              <form
                className="published__cancel"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!reason.trim()) return;
                  onCancel(w, reason.trim());
                  setCancelling(null);
                  setReason('');
                }}
              >
                <input
                  autoFocus
                  name="cancel-reason"
                  placeholder={t('publish.cancelReason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <button type="submit" className="btn btn--small btn--danger">
                  {t('console.dialog.confirm')}
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
