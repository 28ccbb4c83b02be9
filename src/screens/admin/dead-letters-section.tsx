import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEAD_LETTER_PAGE, useDeadLetters, useReplayDeadLetter } from '../../api/dead-letters';
import { SOURCE_IDS, type SourceId } from '../../contract/source';
import { PanelFrame } from '../../panels/panel-frame/panel-frame';

/**
 * The quarantine (死信): every record a source sent that was refused, with its reason code and raw payload (shown as
 * text, never as markup), and a replay button for after the fix (a code added to the city pack's table).
 */
export function DeadLettersSection() {
  const { t, i18n } = useTranslation();
  const [source, setSource] = useState<SourceId | null>(null);
  const [offset, setOffset] = useState(0);
  const letters = useDeadLetters(source, offset);
  const replay = useReplayDeadLetter();
  const total = letters.data?.total ?? 0;
  return (
    <PanelFrame name="admin-dead-letters" title={t('deadLetters.title')} serverState stale={letters.isError}>
      <div className="admin-toolbar">
        <label>
          {t('deadLetters.source')}{' '}
          <select
            value={source ?? ''}
            onChange={(e) => {
              setSource(e.target.value === '' ? null : (e.target.value as SourceId));
              setOffset(0);
            }}
          >
            <option value="">{t('deadLetters.allSources')}</option>
            {SOURCE_IDS.map((s) => (
              <option key={s} value={s}>
                {t(`source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span>{t('deadLetters.total', { n: total })}</span>
        <button
          type="button"
          className="btn"
          disabled={offset === 0}
          onClick={() => setOffset(offset - DEAD_LETTER_PAGE)}
        >
          {t('deadLetters.prev')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={offset + DEAD_LETTER_PAGE >= total}
          onClick={() => setOffset(offset + DEAD_LETTER_PAGE)}
        >
          {t('deadLetters.next')}
        </button>
      </div>
      <table className="admin-table" data-table="dead-letters">
        <thead>
          <tr>
            <th>{t('deadLetters.receivedAt')}</th>
            <th>{t('deadLetters.source')}</th>
            <th>{t('deadLetters.reason')}</th>
            <th>{t('deadLetters.raw')}</th>
            <th>{t('deadLetters.replay')}</th>
          </tr>
        </thead>
        <tbody>
          {(letters.data?.items ?? []).map((d) => (
            <tr key={d.id} data-dead-letter={d.id}>
              <td>{new Date(d.receivedAt).toLocaleString(i18n.language)}</td>
              <td>{t(`source.${d.source}`)}</td>
              <td>
                <code>{d.code}</code>
                <div className="dead-letter__message">{d.message}</div>
              </td>
              <td>
                {/* Raw payloads are untrusted text: rendered as text in a <pre>, never as HTML. */}
                <pre className="dead-letter__raw">{d.raw}</pre>
              </td>
              <td>
                {d.replay ? (
                  <div data-replay-outcome={d.replay.outcome}>
                    {t(`deadLetters.outcome.${d.replay.outcome}`)}
                    {d.replay.reason ? ` · ${d.replay.reason.code}` : ''}
                  </div>
                ) : null}
                {d.replay && d.replay.outcome !== 'quarantined' ? null : (
                  <button
                    type="button"
                    className="btn"
                    disabled={replay.isPending || d.raw === ''}
                    onClick={() => replay.mutate(d.id)}
                  >
                    {t('deadLetters.replayAction')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {replay.isError ? <div role="alert">{(replay.error as Error).message}</div> : null}
    </PanelFrame>
  );
}
