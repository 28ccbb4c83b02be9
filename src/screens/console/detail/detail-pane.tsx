import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useStore } from 'zustand';
import { isEventAlarm } from '../../../contract/alarms';
import type { ConsoleConfig, EventDetail, RequestableAction } from '../../../contract/console';
import type { Event } from '../../../contract/event';
import type { CityInfo } from '../../../contract/rest';
import { presenceStore } from '../../../live/presence-store';
import { SeverityChip, StatusChip } from '../chips';
import { cityTime } from '../format';
import { ACK_KEY } from '../shortcuts';
import { SlaCountdown } from '../sla-countdown';
import { ActionBar } from './action-bar';
import { ConflictBanner } from './conflict-banner';
import { EventMap } from './event-map';
import { NearbyCameras } from './nearby-cameras';
import { EventVideo, useEventVideo } from '../../../video/event-video';
import { RelatedReports } from './related-reports';
import { StageClocks } from './stage-clocks';
import { Timeline } from './timeline';

/**
 * The event detail: header (severity, status, SLA, escalation, who else is looking), the allowed actions with
 * their keys, then the facts, the stage clocks and timeline, the map with the nearest cameras, the incident's
 * other reports, attachments and the source's own facts.
 */
export function DetailPane({
  detail,
  city,
  config,
  now,
  meId,
  busy,
  conflict,
  onDismissConflict,
  onAction,
  onAcknowledge,
  onOpen,
  onSplit,
}: {
  detail: EventDetail;
  city: CityInfo;
  config: ConsoleConfig | undefined;
  now: number;
  meId: string | undefined;
  busy: boolean;
  conflict: { seen: number; current: Event } | null;
  onDismissConflict: () => void;
  onAction: (a: RequestableAction) => void;
  onAcknowledge: () => void;
  onOpen: (id: string) => void;
  onSplit: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const e = detail.event;
  const viewers = useStore(presenceStore, (s) => s.viewers[e.id]);
  const others = (viewers ?? []).filter((v) => v.id !== meId);
  const department = e.department
    ? (config?.departments.find((d) => d.id === e.department)?.name[lang] ?? e.department)
    : null;
  const district = city.districts.find((d) => d.code === e.district);
  const plan = detail.activation?.plan ?? detail.suggestion.plan;
  // The event's best cameras play at once (distance and view direction); the list and the map open others.
  const video = useEventVideo(e, detail.cameras);
  return (
    <article className="detail" data-testid="detail" data-event-id={e.id} data-version={e.version}>
      <header className="detail__head">
        <div className="detail__chips">
          <SeverityChip severity={e.severity} />
          <StatusChip status={e.status} testId="detail-status" />
          <SlaCountdown event={e} now={now} />
          {detail.escalation && (
            <span className="badge badge--escalated" data-testid="detail-escalation">
              {t('console.escalation', { name: detail.escalation.name[lang] })}
            </span>
          )}
          {others.length > 0 && (
            <span className="badge badge--viewers" data-testid="detail-viewers">
              {t('console.viewing', { names: others.map((v) => v.name).join('、') })}
            </span>
          )}
        </div>
        <h2 className="detail__title">{e.title}</h2>
        <p className="detail__id">
          {e.id} · {t(`source.${e.source}`)} · {t(`category.${e.category}`)} ·{' '}
          {t('console.detail.version', { v: e.version })}
        </p>
      </header>
      {conflict && (
        <ConflictBanner seen={conflict.seen} current={conflict.current} onDismiss={onDismissConflict} />
      )}
      <div className="detail__actions">
        <ActionBar allowed={detail.allowedActions} onAction={onAction} busy={busy} />
        {isEventAlarm(e) && (
          <button
            type="button"
            className="btn btn--alarm"
            disabled={busy}
            onClick={onAcknowledge}
            data-action="acknowledge"
          >
            {t('console.actions.acknowledge')}
            <kbd>{ACK_KEY}</kbd>
          </button>
        )}
        {plan && (
          <Link className="btn btn--ghost" to={`/console/command/${encodeURIComponent(e.id)}`}>
            {t('console.detail.commandView')}
          </Link>
        )}
      </div>
      <div className="detail__body">
        <div className="detail__col">
          <section className="card">
            <p className="detail__desc">{e.description}</p>
            <dl className="facts">
              <dt>{t('console.detail.address')}</dt>
              <dd>{e.address || '—'}</dd>
              <dt>{t('console.columns.district')}</dt>
              <dd>{district ? (lang === 'en' ? district.nameEn : district.name) : '—'}</dd>
              <dt>{t('console.detail.reportedAt')}</dt>
              <dd>{cityTime(e.reportedAt, city.timezone, true)}</dd>
              <dt>{t('console.detail.reporter')}</dt>
              <dd>{e.reporter ? [e.reporter.name, e.reporter.phone].filter(Boolean).join(' ') : '—'}</dd>
              <dt>{t('console.detail.department')}</dt>
              <dd data-testid="detail-department">{department ?? t('console.detail.noDepartment')}</dd>
              <dt>{t('console.detail.suggestion')}</dt>
              <dd>{detail.suggestion.department?.name[lang] ?? '—'}</dd>
            </dl>
          </section>
          <section className="card">
            <h3>{t('console.detail.stages')}</h3>
            <StageClocks stages={detail.stages} timezone={city.timezone} />
          </section>
          <section className="card card--grow">
            <h3>{t('console.detail.timeline')}</h3>
            <Timeline actions={detail.actions} timezone={city.timezone} config={config} />
          </section>
        </div>
        <div className="detail__col">
          <section className="card card--map">
            <h3>{t('console.detail.map')}</h3>
            <EventMap event={e} cameras={detail.cameras} city={city} onCameraClick={video.toggle} />
          </section>
          <section className="card">
            <h3>{t('console.detail.cameras')}</h3>
            <EventVideo video={video} cameras={detail.cameras} />
            <NearbyCameras
              cameras={detail.cameras}
              openIds={video.openIds}
              facingIds={video.facingIds}
              onOpen={video.toggle}
            />
          </section>
          <section className="card">
            <h3>{t('console.detail.related')}</h3>
            <RelatedReports
              related={detail.related}
              timezone={city.timezone}
              onOpen={onOpen}
              onSplit={onSplit}
              canSplit={detail.allowedActions.includes('split')}
            />
          </section>
          <section className="card">
            <h3>{t('console.detail.attachments')}</h3>
            {detail.attachments.length === 0 ? (
              <p className="muted">{t('console.detail.noAttachments')}</p>
            ) : (
              <ul className="attachments">
                {detail.attachments.map((a, i) => (
                  <li key={i}>
                    {a.url ? (
                      <a href={a.url} target="_blank" rel="noreferrer noopener">
                        {a.label}
                      </a>
                    ) : (
                      t('console.detail.heldBySource', { n: a.count ?? 0 })
                    )}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('console.detail.attributes')}</h3>
            <dl className="facts facts--small">
              {Object.entries(e.attributes).map(([k, v]) => (
                <div key={k} className="facts__pair">
                  <dt>{k}</dt>
                  <dd>{String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </article>
  );
}
