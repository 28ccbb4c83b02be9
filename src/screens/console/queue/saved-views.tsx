import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteView, useSaveView, useSavedViews } from '../../../api/console';
import { fromParams, toParams, type QueueFilter } from './queue-filter';

/** The officer's saved queue views (stored per user on the server): apply, save the current one, delete. */
export function SavedViews({ filter, onApply }: { filter: QueueFilter; onApply: (f: QueueFilter) => void }) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const [name, setName] = useState('');
  return (
    <div className="views" data-testid="saved-views">
      <span className="views__label">{t('console.views.label')}</span>
      {views.data?.length === 0 && <span className="views__none">{t('console.views.none')}</span>}
      {views.data?.map((v) => (
        <span key={v.id} className="views__item">
          <button
            type="button"
            className="views__apply"
            title={t('console.views.apply')}
            onClick={() => onApply(fromParams(v.query))}
          >
            {v.name}
          </button>
          <button
            type="button"
            className="views__delete"
            aria-label={t('console.views.delete', { name: v.name })}
            onClick={() => remove.mutate(v.id)}
          >
            ×
          </button>
        </span>
      ))}
      <form
        className="views__save"
        onSubmit={(e) => {
          e.preventDefault();
          const query = toParams(filter);
          delete query['limit'];
          if (name.trim()) save.mutate({ name: name.trim(), query }, { onSuccess: () => setName('') });
        }}
      >
        <input
          name="view-name"
          value={name}
          maxLength={40}
          placeholder={t('console.views.name')}
          aria-label={t('console.views.name')}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn btn--small" disabled={!name.trim() || save.isPending}>
          {t('console.views.save')}
        </button>
      </form>
    </div>
  );
}
