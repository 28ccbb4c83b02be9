import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout, useSession } from '../api/auth';
import { setLang } from '../i18n';
import './account-bar.css';

/** The header of the server-state screens (/admin, /audit): title, who is signed in, sign out, language. */
export function AccountBar({ title }: { title: string }) {
  const { t, i18n } = useTranslation();
  const me = useSession().data?.me;
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <header className="account-bar">
      <h1 className="account-bar__title">
        {t('app.title')} · {title}
      </h1>
      <div className="account-bar__right">
        {me && (
          <span className="account-bar__who" data-role={me.principal.role}>
            {t('auth.signedInAs', { name: me.principal.displayName, role: t(`roles.${me.principal.role}`) })}
          </span>
        )}
        <button
          type="button"
          className="btn"
          onClick={() =>
            logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })
          }
        >
          {t('auth.signOut')}
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          aria-label={t('language.label')}
          onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language.switchTo')}
        </button>
      </div>
    </header>
  );
}
