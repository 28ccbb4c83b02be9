import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCity } from '../../../api/city';
import { useResetTour, useSaveTour, useTour, useTours } from '../../../api/tours';
import { CodedError } from '../../../contract/errors';
import type { CityInfo } from '../../../contract/rest';
import { checkTour, type TourIssue, type TourRecord } from '../../../contract/tour';
import type { Lang } from '../../../i18n';
import { errorText } from '../../../i18n/error-text';
import { connectLive } from '../../../live/socket-client';
import type { MapController } from '../../../map/map-view';
import { ConsoleHeader } from '../../console/console-header';
import '../../console/console.css';
import {
  blankScene,
  editorReducer,
  initialEditor,
  issuesByScene,
  issuesFromDetails,
  type EditorState,
} from './editor-state';
import { issuePlace, issueText } from './issue-text';
import { PreviewMap } from './preview-map';
import { SceneForm } from './scene-form';
import { SceneList } from './scene-list';
import './editor.css';

/**
 * `/console/tours`: the tour editor for leaders and admins. Scenes are reordered, edited and previewed on the map;
 * the draft is checked with the same `checkTour` the server and the city pack loader use after every change, so
 * issues show per scene and field while typing, and a tour with issues cannot be saved (the server checks again).
 */
export function TourEditorScreen() {
  const { t } = useTranslation();
  const city = useCity();
  const tours = useTours();
  const [tourId, setTourId] = useState(
    () => new URLSearchParams(window.location.search).get('tour') ?? 'demo',
  );
  const record = useTour(tourId);
  // Kept here, not in the editor: a save or reset re-keys the editor by version, and the notice must outlive that.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(
    () =>
      connectLive({ topics: ['events', 'health', 'traffic', 'cameras', 'sensors', 'workers', 'warnings'] }),
    [],
  );
  if (city.isError || record.isError) return <p className="teditor__loading">{t('tour.loadFailed')}</p>;
  return (
    <div className="teditor-page">
      <ConsoleHeader title={t('tourEditor.heading')} active="tours" />
      {city.data && record.data ? (
        <Editor
          key={`${tourId}:${record.data.version}:${record.data.source}`}
          city={city.data}
          record={record.data}
          tourIds={tours.data?.map((x) => x.id) ?? [tourId]}
          notice={notice}
          onNotice={setNotice}
          onTour={(id) => {
            setNotice(null);
            setTourId(id);
            window.history.replaceState(window.history.state, '', `/console/tours?tour=${id}`);
          }}
        />
      ) : (
        <p className="teditor__loading">{t('wall.loading')}</p>
      )}
    </div>
  );
}

function Editor({
  city,
  record,
  tourIds,
  notice,
  onNotice: setNotice,
  onTour,
}: {
  city: CityInfo;
  record: TourRecord;
  tourIds: readonly string[];
  notice: string | null;
  onNotice: (notice: string | null) => void;
  onTour: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Lang;
  const [s, dispatch] = useReducer(editorReducer, undefined, (): EditorState =>
    initialEditor(record.tour, record.version),
  );
  const save = useSaveTour();
  const reset = useResetTour();
  const [serverIssues, setServerIssues] = useState<TourIssue[]>([]);
  const controller = useRef<MapController | null>(null);

  const check = useMemo(() => checkTour(s.draft, city), [s.draft, city]);
  const issues = check.ok ? serverIssues : check.issues;
  const byScene = useMemo(() => issuesByScene(issues), [issues]);
  const scene = s.draft.scenes[s.selected];

  useEffect(() => {
    if (!s.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [s.dirty]);

  const onSave = () => {
    if (!check.ok) return;
    setNotice(null);
    save.mutate(
      { tour: check.tour, version: s.version },
      {
        onSuccess: (saved) => {
          setServerIssues([]);
          dispatch({ type: 'saved', tour: saved.tour, version: saved.version });
          setNotice(t('tourEditor.saved', { version: saved.version }));
        },
        onError: (err) => {
          if (err instanceof CodedError && err.code === 'TOUR_INVALID' && err.details)
            setServerIssues(issuesFromDetails(err.details, s.draft));
          setNotice(
            err instanceof CodedError && err.code === 'VERSION_CONFLICT'
              ? t('tourEditor.conflict')
              : errorText(err, i18n.language),
          );
        },
      },
    );
  };
  const onReset = () => {
    if (!window.confirm(t('tourEditor.resetConfirm'))) return;
    reset.mutate(record.tour.id, {
      onSuccess: (res) => {
        if (res.record) dispatch({ type: 'load', tour: res.record.tour, version: res.record.version });
        setNotice(t('tourEditor.resetDone'));
      },
      onError: (err) => setNotice(errorText(err, i18n.language)),
    });
  };

  return (
    <div className="teditor" data-testid="tour-editor" data-dirty={s.dirty} data-issues={issues.length}>
      <div className="teditor__bar">
        <label className="teditor__pick">
          {t('tourEditor.tour')}
          <select
            name="tour"
            value={record.tour.id}
            onChange={(e) => {
              if (!s.dirty || window.confirm(t('tourEditor.discard'))) onTour(e.target.value);
            }}
          >
            {tourIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        {(['zh-CN', 'en'] as const).map((l) => (
          <label key={l} className="teditor__title">
            {t(`tourEditor.tourTitle.${l}`)}
            <input
              name={`tour-title-${l}`}
              value={s.draft.title[l]}
              onChange={(e) =>
                dispatch({
                  type: 'tour',
                  change: (x) => ({ ...x, title: { ...x.title, [l]: e.target.value } }),
                })
              }
            />
          </label>
        ))}
        <span className="teditor__status">
          {s.dirty
            ? t('tourEditor.unsaved')
            : record.source === 'pack'
              ? t('tourEditor.fromPack')
              : t('tourEditor.savedBy', { version: s.version, by: record.updatedBy ?? '' })}
        </span>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!check.ok || !s.dirty || save.isPending}
          onClick={onSave}
        >
          {t('tourEditor.save')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={record.source === 'pack' || reset.isPending}
          onClick={onReset}
        >
          {t('tourEditor.reset')}
        </button>
        <Link className="btn btn--ghost" to={`/tour?tour=${record.tour.id}&scene=${s.selected + 1}`}>
          {t('tourEditor.play')}
        </Link>
        {notice && (
          <span className="teditor__notice" role="status">
            {notice}
          </span>
        )}
      </div>
      <div className="teditor__body">
        <SceneList
          scenes={s.draft.scenes}
          selected={s.selected}
          issues={byScene}
          lang={lang}
          onSelect={(index) => dispatch({ type: 'select', index })}
          onMove={(from, to) => dispatch({ type: 'move', from, to })}
          onDuplicate={(index) => dispatch({ type: 'duplicate', index })}
          onRemove={(index) => {
            if (window.confirm(t('tourEditor.removeConfirm'))) dispatch({ type: 'remove', index });
          }}
          onAdd={() =>
            dispatch({ type: 'add', after: s.selected, scene: blankScene(city.center, city.zoom) })
          }
        />
        <div className="teditor__form">
          {scene && (
            <SceneForm
              key={s.selected}
              scene={scene}
              issues={byScene.get(s.selected) ?? []}
              city={city}
              currentView={() => controller.current?.view() ?? null}
              onChange={(change) => dispatch({ type: 'scene', index: s.selected, change })}
            />
          )}
        </div>
        <div className="teditor__side">
          <PreviewMap city={city} scene={scene} lang={lang} controller={controller} />
          <section className="teditor__issues" aria-label={t('tourEditor.issues')}>
            <h2>
              {issues.length === 0
                ? t('tourEditor.noIssues')
                : t('tourEditor.issueCount', { n: issues.length })}
            </h2>
            <ul>
              {issues.map((i, k) => (
                <li key={k} data-scene={i.scene ?? ''} data-field={i.field}>
                  <button
                    type="button"
                    className="teditor__issue"
                    onClick={() => i.scene !== null && dispatch({ type: 'select', index: i.scene })}
                  >
                    <strong>{issuePlace(i, t)}</strong> {issueText(i, t)}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
