import { useTranslation } from 'react-i18next';
import { AccountBar } from '../../components/account-bar';
import { DevicesSection } from './devices-section';
import { SessionsSection } from './sessions-section';
import { UsersSection } from './users-section';
import './admin.css';

/** `/admin`: accounts, roles and districts; wall displays; open sessions. Every change is audited server-side. */
export function AdminScreen() {
  const { t } = useTranslation();
  return (
    <div className="admin">
      <AccountBar title={t('admin.title')} />
      <UsersSection />
      <div className="admin__row">
        <DevicesSection />
        <SessionsSection />
      </div>
    </div>
  );
}
