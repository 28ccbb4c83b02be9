import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { recoverWallSession } from '../../../api/auth';
import { useCity } from '../../../api/city';
import { useConsoleConfig, useEventDetail, useLiveConsoleInvalidation } from '../../../api/console';
import { connectLive, setViewing } from '../../../live/socket-client';
import { useNow } from '../../../live/use-now';
import { SeverityChip, StatusChip } from '../chips';
import { ConsoleHeader } from '../console-header';
import { EventMap } from '../detail/event-map';
import { NearbyCameras } from '../detail/nearby-cameras';
import { RelatedReports } from '../detail/related-reports';
import { cityTime } from '../format';
import { SlaCountdown } from '../sla-countdown';
import '../console.css';
import './command.css';

/**
 * `/console/command/:id`: the command view of a severe incident after one-key dispatch (一键调度): the incident on
 * the map, the plan and every department it notified (with when), the resources it brings, its steps, the
 * incident's other reports and the nearest cameras. Live like the console.
 */
export function CommandScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { id = '' } = useParams();
  const city = useCity();
  const config = useConsoleConfig();
  const detail = useEventDetail(id);
  const now = useNow();
  useEffect(() => connectLive({ topics: ['events', 'cameras'], onAuthLost: recoverWallSession }), []);
  useLiveConsoleInvalidation();
  useEffect(() => {
    setViewing(id);
    return () => setViewing(null);
  }, [id]);
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(detail.isSuccess);
  }, [detail.isSuccess]);
  if (!city.data || !detail.data)
    return (
      <p className="console-wait">{detail.isError ? String(detail.error.message) : t('console.loading')}</p>
    );
  const d = detail.data;
  const e = d.event;
  const plan = d.activation?.plan ?? d.suggestion.plan;
  const kind = (k: string) => config.data?.kinds[k]?.name[lang] ?? k;
  return (
    <div className="command" data-testid="command-view">
      <ConsoleHeader title={t('command.title')} active="command" />
      <section className="command__incident card">
        <div className="detail__chips">
          <SeverityChip severity={e.severity} />
          <StatusChip status={e.status} />
          <SlaCountdown event={e} now={now} />
        </div>
        <h2 className="detail__title">{e.title}</h2>
        <p className="detail__desc">{e.description}</p>
        <p className="detail__id">
          {e.address} · {cityTime(e.reportedAt, city.data.timezone, true)}
        </p>
        <Link className="btn btn--small" to="/console">
          {t('command.back')}
        </Link>
      </section>
      <section className="command__map card card--map">
        <EventMap event={e} cameras={d.cameras} city={city.data} />
      </section>
      <section className="command__plan card">
        <h3>{t('command.plan')}</h3>
        {plan ? (
          <p className="command__plan-name">{plan.name[lang]}</p>
        ) : (
          <p className="muted">{t('command.notPlanned')}</p>
        )}
        <h3>{t('command.departments')}</h3>
        {d.activation ? (
          <ul className="command__list" data-testid="notified">
            {d.activation.notified.map((n) => (
              <li key={n.department.id}>
                <span>{n.department.name[lang]}</span>
                <span className="muted">
                  {t('command.notifiedAt', { t: cityTime(n.notifiedAt, city.data!.timezone, true) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('command.notPlanned')}</p>
        )}
        {plan && (
          <>
            <h3>{t('command.resources')}</h3>
            <ul className="command__list">
              {plan.resources.map((r) => (
                <li key={r.name['zh-CN']}>
                  <span>{r.name[lang]}</span>
                  <span>
                    {r.quantity} {r.unit[lang]} · {kind(r.holder)}
                  </span>
                </li>
              ))}
            </ul>
            <h3>{t('command.steps')}</h3>
            <ol className="command__steps">
              {plan.steps.map((s) => (
                <li key={s['zh-CN']}>{s[lang]}</li>
              ))}
            </ol>
          </>
        )}
      </section>
      <section className="command__side card">
        <h3>{t('command.related')}</h3>
        <RelatedReports
          related={d.related}
          timezone={city.data.timezone}
          onOpen={() => undefined}
          onSplit={() => undefined}
          canSplit={false}
        />
        <h3>{t('command.cameras')}</h3>
        <NearbyCameras cameras={d.cameras} />
      </section>
    </div>
  );
}
