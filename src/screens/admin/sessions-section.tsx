import { useTranslation } from 'react-i18next';
import { useDevices, useRevokeSession, useSessions, useUsers } from '../../api/admin';
import { PanelFrame } from '../../panels/panel-frame/panel-frame';

/** Every open session (people and wall displays), each can be ended on the server. */
export function SessionsSection() {
  const { t, i18n } = useTranslation();
  const sessions = useSessions(null);
  const users = useUsers();
  const devices = useDevices();
  const revoke = useRevokeSession();
  const names = new Map<string, string>([
    ...(users.data ?? []).map((u) => [u.id, u.username] as [string, string]),
    ...(devices.data ?? []).map((d) => [d.id, `device:${d.name}`] as [string, string]),
  ]);
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <PanelFrame name="admin-sessions" title={t('admin.sessions')} serverState stale={sessions.isError}>
      <table className="admin-table" data-table="sessions">
        <thead>
          <tr>
            <th>{t('admin.username')}</th>
            <th>{t('admin.address')}</th>
            <th>{t('admin.lastSeen')}</th>
            <th>{t('admin.expires')}</th>
            <th>{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(sessions.data ?? []).map((s) => (
            <tr key={s.id} data-session={s.id}>
              <td>{names.get(s.principalId) ?? s.principalId}</td>
              <td>{s.address}</td>
              <td>{time(s.lastSeenAt)}</td>
              <td>{time(s.expiresAt)}</td>
              <td>
                <button type="button" className="btn btn--danger" onClick={() => revoke.mutate(s.id)}>
                  {t('admin.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PanelFrame>
  );
}
