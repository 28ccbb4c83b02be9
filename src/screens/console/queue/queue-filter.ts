import type { EventStatus } from '../../../contract/event';
import type { QueueParams } from '../../../api/console';

/** Statuses the queue shows by default: everything not closed. */
export const OPEN_STATUSES: readonly EventStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'in-progress',
  'resolved',
  'verified',
  'returned',
  'reopened',
];

/** The queue's filter as the officer sets it; saved views store its parameters. */
export interface QueueFilter {
  /** One status, 'open' (every open status) or 'all' (closed too). */
  status: EventStatus | 'open' | 'all';
  source: string;
  category: string;
  severity: string;
  district: string;
  overdue: boolean;
  q: string;
  sort: 'sla' | 'reported' | 'updated' | 'severity';
}

export const DEFAULT_FILTER: QueueFilter = {
  status: 'open',
  source: '',
  category: '',
  severity: '',
  district: '',
  overdue: false,
  q: '',
  sort: 'sla',
};

export const PAGE_SIZE = 100;

/** The filter → the queue API's query parameters (strings only: also the query key and a saved view). */
export function toParams(f: QueueFilter): QueueParams {
  const p: QueueParams = { sort: f.sort, limit: String(PAGE_SIZE) };
  if (f.status === 'open') p['status'] = OPEN_STATUSES.join(',');
  else if (f.status !== 'all') p['status'] = f.status;
  for (const k of ['source', 'category', 'severity', 'district'] as const) if (f[k]) p[k] = f[k];
  if (f.overdue) p['overdue'] = 'true';
  if (f.q.trim()) p['q'] = f.q.trim();
  return p;
}

/** A saved view's parameters → the filter (unknown or missing keys fall back to the defaults). */
export function fromParams(p: Record<string, string>): QueueFilter {
  const status = p['status'];
  const one = status && !status.includes(',') ? (status as EventStatus) : undefined;
  const sort = p['sort'];
  return {
    ...DEFAULT_FILTER,
    status: status === undefined ? 'all' : (one ?? 'open'),
    source: p['source'] ?? '',
    category: p['category'] ?? '',
    severity: p['severity'] ?? '',
    district: p['district'] ?? '',
    overdue: p['overdue'] === 'true',
    q: p['q'] ?? '',
    sort: sort === 'reported' || sort === 'updated' || sort === 'severity' ? sort : 'sla',
  };
}
