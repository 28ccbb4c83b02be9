import { useQuery } from '@tanstack/react-query';
import { AuditPage, AuditVerifyResult } from '../contract/auth';
import { getJson } from './http';

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  offset?: number;
}

export const auditKeys = {
  search: (f: AuditFilter) => ['audit', 'search', f] as const,
  verify: () => ['audit', 'verify'] as const,
};

export function useAuditSearch(filter: AuditFilter) {
  return useQuery({
    queryKey: auditKeys.search(filter),
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ limit: '100' });
      for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') q.set(k, String(v));
      return getJson(`/api/audit?${q.toString()}`, AuditPage, signal);
    },
  });
}

export function useAuditVerify() {
  return useQuery({
    queryKey: auditKeys.verify(),
    queryFn: ({ signal }) => getJson('/api/audit/verify', AuditVerifyResult, signal),
  });
}
