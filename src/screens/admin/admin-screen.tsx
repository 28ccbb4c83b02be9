import { useTranslation } from 'react-i18next';
import { AccountBar } from '../../components/account-bar';
import { DeadLettersSection } from './dead-letters-section';
import { DevicesSection } from './devices-section';
import { SessionsSection } from './sessions-section';
import { UsersSection } from './users-section';
import './admin.css';

/** `/admin`: accounts, roles and districts; wall displays; open sessions; the dead-letter store. Every change is audited server-side. */
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
      <DeadLettersSection />
    </div>
  );
}
