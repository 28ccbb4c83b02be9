import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUser, useRevokeUserSessions, useUpdateUser, useUsers } from '../../api/admin';
import type { UserSummary, UserUpdate } from '../../contract/auth';
import { PanelFrame } from '../../panels/panel-frame/panel-frame';
import { useDistrictNames } from './district-picker';
import { UserForm, type UserFormValue } from './user-form';

const EMPTY: UserFormValue = { username: '', displayName: '', role: 'officer', districts: [], password: '' };

/** Accounts: create, change role/districts/password, disable, sign out everywhere. */
export function UsersSection() {
  const { t } = useTranslation();
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const revoke = useRevokeUserSessions();
  const districtNames = useDistrictNames();
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  const save = (u: UserSummary, v: UserFormValue) => {
    const patch: UserUpdate = {
      displayName: v.displayName,
      role: v.role,
      districts: v.role === 'officer' ? v.districts : null,
      ...(v.password ? { password: v.password } : {}),
    };
    update.mutate({ id: u.id, patch }, { onSuccess: () => setEditing(null) });
  };

  return (
    <PanelFrame name="admin-users" title={t('admin.users')} serverState stale={users.isError}>
      <UserForm
        key={formKey}
        initial={EMPTY}
        editing={false}
        pending={create.isPending}
        error={create.error}
        onSubmit={(v) =>
          create.mutate(
            { ...v, districts: v.role === 'officer' ? v.districts : null },
            { onSuccess: () => setFormKey((k) => k + 1) },
          )
        }
      />
      <table className="admin-table" data-table="users">
        <thead>
          <tr>
            <th>{t('admin.username')}</th>
            <th>{t('admin.displayName')}</th>
            <th>{t('admin.role')}</th>
            <th>{t('admin.districts')}</th>
            <th>{t('admin.status')}</th>
            <th>{t('admin.activeSessions')}</th>
            <th>{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) =>
            editing === u.id ? (
              <tr key={u.id} data-user={u.username}>
                <td colSpan={7}>
                  <UserForm
                    initial={{ ...u, districts: u.districts ?? [], password: '' }}
                    editing
                    pending={update.isPending}
                    error={update.error}
                    onSubmit={(v) => save(u, v)}
                    onCancel={() => setEditing(null)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={u.id} data-user={u.username} data-disabled={u.disabled}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{districtNames(u.districts)}</td>
                <td>{u.disabled ? t('admin.disabled') : t('admin.active')}</td>
                <td>{u.activeSessions}</td>
                <td className="admin-table__actions">
                  <button type="button" className="btn" onClick={() => setEditing(u.id)}>
                    {t('admin.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}
                  >
                    {u.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--danger"
                    disabled={u.activeSessions === 0}
                    onClick={() => revoke.mutate(u.id)}
                  >
                    {t('admin.revokeSessions')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </PanelFrame>
  );
}
