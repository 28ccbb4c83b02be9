import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditSearch, useAuditVerify, type AuditFilter } from '../../api/audit';
import { AccountBar } from '../../components/account-bar';
import { PanelFrame } from '../../panels/panel-frame/panel-frame';
import '../admin/admin.css';
import './audit.css';

const PAGE = 100;

/** A local `datetime-local` value (the operator's clock) → UTC instant for the API. */
const toUtc = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * `/audit`: the auditor searches the audit log (actor, action or action family, target, time range) and
 * sees whether its hash chain verifies. Read-only: the auditor can change nothing.
 */
export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ actor: '', action: '', target: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({ offset: 0 });
  const page = useAuditSearch(filter);
  const verify = useAuditVerify();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({
      actor: draft.actor.trim() || undefined,
      action: draft.action.trim() || undefined,
      target: draft.target.trim() || undefined,
      from: toUtc(draft.from),
      to: toUtc(draft.to),
      offset: 0,
    });
  };
  const offset = filter.offset ?? 0;
  const total = page.data?.total ?? 0;
  const field = (k: keyof typeof draft, type = 'text') => (
    <label className="field">
      {t(`audit.${k}`)}
      <input
        name={k}
        type={type}
        value={draft[k]}
        onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
      />
    </label>
  );
  return (
    <div className="audit">
      <AccountBar title={t('audit.title')} />
      {verify.data && (
        <p
          className={`audit__chain audit__chain--${verify.data.ok ? 'ok' : 'bad'}`}
          data-chain={verify.data.ok}
        >
          {verify.data.ok
            ? t('audit.chainOk', { n: verify.data.entries })
            : t('audit.chainBroken', { id: verify.data.firstBad?.id, reason: verify.data.firstBad?.reason })}
        </p>
      )}
      <PanelFrame name="audit-log" title={t('audit.title')} serverState stale={page.isError}>
        <form className="inline-form" onSubmit={submit} data-form="audit-search">
          {field('actor')}
          {field('action')}
          {field('target')}
          {field('from', 'datetime-local')}
          {field('to', 'datetime-local')}
          <button type="submit" className="btn btn--primary">
            {t('audit.search')}
          </button>
        </form>
        <p className="audit__total">{t('audit.total', { n: total })}</p>
        <table className="admin-table audit__table" data-table="audit">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.time')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.target')}</th>
              <th>{t('audit.outcome')}</th>
              <th>{t('audit.address')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).map((e) => (
              <tr key={e.id} data-audit-id={e.id} data-action={e.action} data-outcome={e.outcome}>
                <td>{e.id}</td>
                <td>{new Date(e.at).toLocaleString(i18n.language)}</td>
                <td>
                  {e.actor}
                  {e.actorRole && (
                    <span className="audit__role"> · {t(`roles.${e.actorRole}`, e.actorRole)}</span>
                  )}
                </td>
                <td>{e.action}</td>
                <td>{e.target ?? '—'}</td>
                <td>{t(`audit.outcomes.${e.outcome}`)}</td>
                <td>{e.address ?? '—'}</td>
                <td className="audit__details">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="audit__pager">
          <button
            type="button"
            className="btn"
            disabled={offset === 0}
            onClick={() => setFilter((f) => ({ ...f, offset: Math.max(0, offset - PAGE) }))}
          >
            {t('audit.prev')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={offset + PAGE >= total}
            onClick={() => setFilter((f) => ({ ...f, offset: offset + PAGE }))}
          >
            {t('audit.next')}
          </button>
        </div>
      </PanelFrame>
    </div>
  );
}
