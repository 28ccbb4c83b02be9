import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCity } from '../../../api/city';
import { usePreviewWarning, usePublishedWarnings, usePublishWarning } from '../../../api/warnings';
import type { PublishedWarning } from '../../../contract/console';
import { CodedError } from '../../../contract/errors';
import { errorText } from '../../../i18n/error-text';
import { recoverWallSession } from '../../../api/auth';
import { connectLive } from '../../../live/socket-client';
import { ConsoleHeader } from '../console-header';
import { DrawMap, drawStore } from './draw-map';
import { PublishedList } from './published-list';
import { draftOf, emptyForm, WarningForm, type WarningFormValue } from './warning-form';
import '../console.css';
import './publish.css';

/**
 * `/console/warnings` (预警发布): draft a warning (level, area drawn on the map or chosen districts, texts,
 * expiry), preview the CAP 1.2 message with its schema validation, publish it; update or cancel what is in force.
 * What is published reaches the wall through the `warnings` topic and other systems through the CAP feed.
 */
export function PublishScreen() {
  const { t, i18n } = useTranslation();
  const city = useCity();
  const published = usePublishedWarnings();
  const preview = usePreviewWarning();
  const publish = usePublishWarning();
  const [form, setForm] = useState<WarningFormValue>(emptyForm);
  const [updating, setUpdating] = useState<PublishedWarning | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; code?: string } | null>(null);
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(city.isSuccess && published.isSuccess);
  }, [city.isSuccess, published.isSuccess]);
  useEffect(() => () => drawStore.setState({ points: [] }), []);
  // The published warnings reach the wall on this topic; the header shows the connection like the console's.
  useEffect(() => connectLive({ topics: ['warnings'], onAuthLost: recoverWallSession }), []);

  const draft = () => draftOf(form, drawStore.getState().points);
  const fail = (err: unknown) =>
    setMessage({
      ok: false,
      text: errorText(err, i18n.language),
      ...(err instanceof CodedError ? { code: err.code } : {}),
    });
  const onPublish = () => {
    const req = updating
      ? ({ kind: 'update', id: updating.id, draft: draft() } as const)
      : ({ kind: 'alert', draft: draft() } as const);
    publish.mutate(req, {
      onSuccess: (w) => {
        setMessage({ ok: true, text: t('publish.done', { headline: w.headline }) });
        setUpdating(null);
        preview.reset();
      },
      onError: fail,
    });
  };
  if (!city.data) return <p className="console-wait">{t('console.loading')}</p>;
  return (
    <div className="publish">
      <ConsoleHeader title={t('publish.title')} active="warnings" />
      <section className="publish__form card">
        <h3>{updating ? t('publish.editing', { headline: updating.headline }) : t('publish.draft')}</h3>
        {updating && (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setUpdating(null)}>
            {t('publish.stopEditing')}
          </button>
        )}
        <WarningForm
          city={city.data}
          value={form}
          onChange={(v) => {
            setForm(v);
            preview.reset();
          }}
          onPreview={() => preview.mutate(draft(), { onError: fail })}
          onPublish={onPublish}
          preview={preview.data}
          busy={publish.isPending || preview.isPending}
          updating={updating?.id ?? null}
        />
        {message && (
          <p className={message.ok ? 'publish__ok' : 'form-error'} role="status" data-code={message.code}>
            {message.text}
          </p>
        )}
      </section>
      <section className="publish__map card card--map">
        <DrawMap city={city.data} />
      </section>
      <section className="publish__preview card">
        <h3>
          {t('publish.preview')}
          {preview.data && (
            <span
              className={preview.data.valid ? 'publish__valid' : 'publish__invalid'}
              data-testid="cap-valid"
              data-valid={preview.data.valid}
            >
              {preview.data.valid ? t('publish.valid') : t('publish.invalid')}
            </span>
          )}
        </h3>
        {preview.data?.errors.map((e, i) => (
          <p key={i} className="form-error">
            {e.path}: {e.message}
          </p>
        ))}
        <pre className="publish__xml" data-testid="cap-xml">
          {preview.data?.xml ?? ''}
        </pre>
      </section>
      <section className="publish__list card">
        <h3>
          {t('publish.published')} ·{' '}
          <a href="/api/cap/feed" target="_blank" rel="noreferrer">
            {t('publish.feed')}
          </a>
        </h3>
        <PublishedList
          items={published.data?.items ?? []}
          timezone={city.data.timezone}
          busy={publish.isPending}
          onUpdate={(w) => {
            setUpdating(w);
            setForm((f) => ({ ...f, level: w.level, headline: w.headline }));
          }}
          onCancel={(w, reason) =>
            publish.mutate(
              { kind: 'cancel', id: w.id, reason },
              {
                onSuccess: (c) => setMessage({ ok: true, text: t('publish.done', { headline: c.headline }) }),
                onError: fail,
              },
            )
          }
        />
      </section>
    </div>
  );
}
