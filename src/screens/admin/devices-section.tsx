import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateDevice, useDevices, useRevokeDevice } from '../../api/admin';
import { errorText } from '../../i18n/error-text';
import { PanelFrame } from '../../panels/panel-frame/panel-frame';
import { useDistrictNames } from './district-picker';

/** Wall displays: register one (its token is shown once, as the URL for the wall PC), revoke one. */
export function DevicesSection() {
  const { t, i18n } = useTranslation();
  const devices = useDevices();
  const create = useCreateDevice();
  const revoke = useRevokeDevice();
  const districtNames = useDistrictNames();
  const [name, setName] = useState('');
  const [profile, setProfile] = useState('ops-centre');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, profile, districts: null }, { onSuccess: () => setName('') });
  };
  return (
    <PanelFrame name="admin-devices" title={t('admin.devices')} serverState stale={devices.isError}>
      <form className="inline-form" onSubmit={submit} data-form="create-device">
        <label className="field">
          {t('admin.deviceName')}
          <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          {t('admin.profile')}
          <input
            required
            pattern="[a-z0-9\-]{1,40}"
            value={profile}
            onChange={(e) => setProfile(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          {t('admin.createDevice')}
        </button>
      </form>
      {create.isError && <p className="form-error">{errorText(create.error, i18n.language)}</p>}
      {create.data && (
        <p className="token-once" data-device-token>
          {t('admin.tokenOnce')} <code>{`${window.location.origin}${create.data.wallUrl}`}</code>
        </p>
      )}
      <table className="admin-table" data-table="devices">
        <thead>
          <tr>
            <th>{t('admin.deviceName')}</th>
            <th>{t('admin.profile')}</th>
            <th>{t('admin.districts')}</th>
            <th>{t('admin.lastSeen')}</th>
            <th>{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(devices.data ?? []).map((d) => (
            <tr key={d.id} data-device={d.name} data-revoked={d.revoked}>
              <td>{d.name}</td>
              <td>{d.profile}</td>
              <td>{districtNames(d.districts)}</td>
              <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString(i18n.language) : '—'}</td>
              <td>
                {d.revoked ? (
                  t('admin.revoked')
                ) : (
                  <button type="button" className="btn btn--danger" onClick={() => revoke.mutate(d.id)}>
                    {t('admin.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PanelFrame>
  );
}
