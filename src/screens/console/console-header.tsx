import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLogout, useSession } from '../../api/auth';
import { setLang } from '../../i18n';
import { useConnection } from '../../live/use-live';
import '../../components/account-bar.css';

/** The console's header: where you are, live connection state, the other screens, who is on duty. */
export function ConsoleHeader({
  title,
  active,
}: {
  title: string;
  active: 'console' | 'warnings' | 'command' | 'video' | 'tours';
}) {
  const { t, i18n } = useTranslation();
  const me = useSession().data?.me;
  const logout = useLogout();
  const navigate = useNavigate();
  const status = useConnection((s) => s.status);
  return (
    <header className="chead">
      <h1 className="chead__title">
        {t('app.title')} · {title}
      </h1>
      <nav className="chead__nav">
        <Link className={active === 'console' ? 'chead__link chead__link--on' : 'chead__link'} to="/console">
          {t('console.nav.console')}
        </Link>
        <Link
          className={active === 'warnings' ? 'chead__link chead__link--on' : 'chead__link'}
          to="/console/warnings"
        >
          {t('console.nav.warnings')}
        </Link>
        <Link
          className={active === 'video' ? 'chead__link chead__link--on' : 'chead__link'}
          to="/console/video"
        >
          {t('console.nav.video')}
        </Link>
        {(me?.principal.role === 'leader' || me?.principal.role === 'admin') && (
          <Link
            className={active === 'tours' ? 'chead__link chead__link--on' : 'chead__link'}
            to="/console/tours"
          >
            {t('console.nav.tours')}
          </Link>
        )}
        <Link className="chead__link" to="/wall">
          {t('console.nav.wall')}
        </Link>
      </nav>
      <span className={`chead__live chead__live--${status}`} data-connection={status}>
        <span className="dot" aria-hidden />
        {t(`console.live.${status}`)}
      </span>
      {me && (
        <span className="chead__who" data-role={me.principal.role}>
          {t('auth.signedInAs', { name: me.principal.displayName, role: t(`roles.${me.principal.role}`) })}
        </span>
      )}
      <button
        type="button"
        className="btn btn--small btn--ghost"
        aria-label={t('language.label')}
        onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}
      >
        {t('language.switchTo')}
      </button>
      <button
        type="button"
        className="btn btn--small"
        onClick={() =>
          logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })
        }
      >
        {t('auth.signOut')}
      </button>
    </header>
  );
}
