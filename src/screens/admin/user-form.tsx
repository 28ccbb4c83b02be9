import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../contract/auth';
import { errorText } from '../../i18n/error-text';
import { DistrictPicker } from './district-picker';

export type PersonRole = UserSummary['role'];
const PERSON_ROLES: PersonRole[] = ['admin', 'leader', 'officer', 'auditor'];

export interface UserFormValue {
  username: string;
  displayName: string;
  role: PersonRole;
  districts: string[];
  password: string;
}

/** Create (username + initial password) or edit (new password optional) one account. */
export function UserForm({
  initial,
  editing,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: UserFormValue;
  editing: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (v: UserFormValue) => void;
  onCancel?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState(initial);
  const set = <K extends keyof UserFormValue>(k: K, value: UserFormValue[K]) =>
    setV((p) => ({ ...p, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };
  return (
    <form className="user-form" onSubmit={submit} data-form={editing ? 'edit-user' : 'create-user'}>
      <label className="field">
        {t('admin.username')}
        <input
          name="username"
          required
          disabled={editing}
          pattern="[a-z0-9._\-]{2,40}"
          value={v.username}
          onChange={(e) => set('username', e.target.value)}
        />
      </label>
      <label className="field">
        {t('admin.displayName')}
        <input
          name="displayName"
          required
          maxLength={60}
          value={v.displayName}
          onChange={(e) => set('displayName', e.target.value)}
        />
      </label>
      <label className="field">
        {t('admin.role')}
        <select name="role" value={v.role} onChange={(e) => set('role', e.target.value as PersonRole)}>
          {PERSON_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {editing ? t('admin.newPassword') : t('admin.password')}
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required={!editing}
          value={v.password}
          onChange={(e) => set('password', e.target.value)}
        />
      </label>
      {v.role === 'officer' && (
        <div className="field user-form__districts">
          {t('admin.districts')}
          <DistrictPicker value={v.districts} onChange={(d) => set('districts', d)} />
        </div>
      )}
      <div className="user-form__actions">
        <button type="submit" className="btn btn--primary" disabled={pending}>
          {editing ? t('admin.save') : t('admin.create')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
      </div>
      {error != null && (
        <p className="form-error" role="alert">
          {errorText(error, i18n.language)}
        </p>
      )}
    </form>
  );
}
