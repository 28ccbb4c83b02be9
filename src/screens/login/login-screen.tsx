import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { homeFor, useLogin, useSession } from '../../api/auth';
import { setLang } from '../../i18n';
import { errorText } from '../../i18n/error-text';
import '../../components/account-bar.css';
import './login.css';

/** Only same-site paths are followed after sign-in (an open redirect would help phishing). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

/** `/login`: username and password; errors are the catalogue's messages for the server's code. */
export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const me = session.data?.me;
  if (me && !login.isPending && !login.isSuccess)
    return <Navigate to={safeNext(params.get('next')) ?? homeFor(me.principal.role)} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (m) =>
          void navigate(safeNext(params.get('next')) ?? homeFor(m.principal.role), { replace: true }),
        onError: () => setPassword(''),
      },
    );
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 className="login__brand">{t('app.title')}</h1>
        <p className="login__subtitle">{t('app.subtitle')}</p>
        <h2 id="login-title" className="login__title">
          {t('auth.title')}
        </h2>
        <label className="field">
          {t('auth.username')}
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            maxLength={40}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          {t('auth.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={200}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {login.isError && (
          <p className="form-error" role="alert" data-error-code={(login.error as { code?: string }).code}>
            {errorText(login.error, i18n.language)}
          </p>
        )}
        <button type="submit" className="btn btn--primary login__submit" disabled={login.isPending}>
          {login.isPending ? t('auth.submitting') : t('auth.submit')}
        </button>
        <p className="login__hint">{t('auth.hint')}</p>
        <button
          type="button"
          className="btn btn--ghost login__lang"
          aria-label={t('language.label')}
          onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language.switchTo')}
        </button>
      </form>
    </main>
  );
}
