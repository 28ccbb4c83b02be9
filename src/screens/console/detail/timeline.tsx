import { useTranslation } from 'react-i18next';
import type { ConsoleConfig, EventAction } from '../../../contract/console';
import { StatusChip } from '../chips';
import { cityTime } from '../format';

/** Who did it, in words: the officer's name, the system, or the reporting channel (a grid worker). */
function actorLabel(a: EventAction, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (a.actor === 'system') return t('console.detail.system');
  if (a.actor.startsWith('source:')) {
    const source = a.actor.slice('source:'.length);
    const channel = t('console.detail.channel', { source: t(`source.${source}`) });
    return a.actorName ? `${channel} ${a.actorName}` : channel;
  }
  return a.actorName ?? a.actor;
}

/** The event's audited history, oldest first: time, who, what, status before → after, note, key facts. */
export function Timeline({
  actions,
  timezone,
  config,
}: {
  actions: readonly EventAction[];
  timezone: string;
  config: ConsoleConfig | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const deptName = (id: unknown) => config?.departments.find((d) => d.id === id)?.name[lang] ?? String(id);
  if (actions.length === 0) return <p className="muted">—</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {actions.map((a) => {
        const facts: string[] = [];
        if (a.after['department'] !== undefined && a.after['department'] !== null)
          facts.push(deptName(a.after['department']));
        if (a.action === 'escalate') {
          const rung = config?.escalation.find((r) => r.level === a.details['level']);
          if (rung) facts.push(t('console.escalation', { name: rung.name[lang] }));
        }
        if (a.action === 'plan') {
          const plan = config?.plans.find((p) => p.id === a.details['planId']);
          if (plan) facts.push(plan.name[lang]);
        }
        if (typeof a.details['reportedAgainBy'] === 'string')
          facts.push(t('console.detail.reportedAgain', { id: a.details['reportedAgainBy'] }));
        return (
          <li key={a.id} className="timeline__item" data-action={a.action} data-actor={a.actor}>
            <time className="timeline__time">{cityTime(a.at, timezone, true)}</time>
            <span className="timeline__what">
              <strong>{t(`console.actions.${a.action}`)}</strong>
              {a.fromStatus !== a.toStatus && (
                <>
                  <StatusChip status={a.fromStatus} />→<StatusChip status={a.toStatus} />
                </>
              )}
              <span className="timeline__who">{actorLabel(a, t)}</span>
            </span>
            {facts.length > 0 && <span className="timeline__facts">{facts.join(' · ')}</span>}
            {a.note && <span className="timeline__note">{a.note}</span>}
          </li>
        );
      })}
    </ol>
  );
}
