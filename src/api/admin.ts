import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  DeviceCreated,
  DeviceSummary,
  SessionSummary,
  UserSummary,
  type UserCreate,
  type UserUpdate,
} from '../contract/auth';
import { getJson, sendJson } from './http';

export const adminKeys = {
  users: () => ['admin', 'users'] as const,
  devices: () => ['admin', 'devices'] as const,
  sessions: (principalId: string | null) => ['admin', 'sessions', principalId] as const,
};

export const useUsers = () =>
  useQuery({
    queryKey: adminKeys.users(),
    queryFn: ({ signal }) => getJson('/api/admin/users', z.array(UserSummary), signal),
  });

export const useDevices = () =>
  useQuery({
    queryKey: adminKeys.devices(),
    queryFn: ({ signal }) => getJson('/api/admin/devices', z.array(DeviceSummary), signal),
  });

export const useSessions = (principalId: string | null) =>
  useQuery({
    queryKey: adminKeys.sessions(principalId),
    queryFn: ({ signal }) =>
      getJson(
        `/api/admin/sessions${principalId ? `?principalId=${encodeURIComponent(principalId)}` : ''}`,
        z.array(SessionSummary),
        signal,
      ),
  });

/** Every admin mutation refreshes the admin screen's server state. */
function useAdminMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useCreateUser = () =>
  useAdminMutation((body: UserCreate) => sendJson('POST', '/api/admin/users', body, UserSummary));

export const useUpdateUser = () =>
  useAdminMutation(({ id, patch }: { id: string; patch: UserUpdate }) =>
    sendJson('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, patch, UserSummary),
  );

export const useRevokeUserSessions = () =>
  useAdminMutation((id: string) =>
    sendJson(
      'POST',
      `/api/admin/users/${encodeURIComponent(id)}/revoke-sessions`,
      {},
      z.object({ revoked: z.number() }),
    ),
  );

export const useRevokeSession = () =>
  useAdminMutation((id: string) =>
    sendJson(
      'DELETE',
      `/api/admin/sessions/${encodeURIComponent(id)}`,
      undefined,
      z.object({ revoked: z.number() }),
    ),
  );

export const useCreateDevice = () =>
  useAdminMutation((body: { name: string; profile: string; districts: string[] | null }) =>
    sendJson('POST', '/api/admin/devices', body, DeviceCreated),
  );

export const useRevokeDevice = () =>
  useAdminMutation((id: string) =>
    sendJson('POST', `/api/admin/devices/${encodeURIComponent(id)}/revoke`, {}, DeviceSummary),
  );
