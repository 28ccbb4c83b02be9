import type { FastifyInstance } from 'fastify';
import type { Event } from '../../../src/contract/event';
import { EventQuery } from '../../../src/contract/rest';
import { recordAudit } from '../../auth/audit';
import { scopedDistricts, viewEvent } from '../../auth/visibility';
import type { EventsRepo } from '../../store/events-repo';

/** Rows in one export: enough for a shift's report, bounded so an export cannot exhaust the server. */
const MAX_ROWS = 10_000;
const PAGE = 500;

const COLUMNS: [string, (e: Event) => string | number | null][] = [
  ['id', (e) => e.id],
  ['source', (e) => e.source],
  ['category', (e) => e.category],
  ['severity', (e) => e.severity],
  ['status', (e) => e.status],
  ['title', (e) => e.title],
  ['description', (e) => e.description],
  ['address', (e) => e.address],
  ['district', (e) => e.district],
  ['street', (e) => e.street],
  ['lon', (e) => e.location.lon],
  ['lat', (e) => e.location.lat],
  ['reportedAt', (e) => e.reportedAt],
  ['updatedAt', (e) => e.updatedAt],
  ['reporterName', (e) => e.reporter?.name ?? null],
  ['reporterPhone', (e) => e.reporter?.phone ?? null],
];

/**
 * `GET /api/events/export`: the filtered event list as CSV (UTF-8 with BOM, so Excel reads Chinese),
 * cut to the caller's districts, personal data masked per role, and audited with its filter and row count.
 */
export async function exportRoutes(app: FastifyInstance, opts: { events: EventsRepo }): Promise<void> {
  app.get(
    '/events/export',
    { config: { access: { permission: 'events:export', scope: 'district' } } },
    async (req, reply) => {
      const q = EventQuery.parse(req.query);
      const p = req.principal!;
      const district = scopedDistricts(p, q.district);
      const rows: Event[] = [];
      if (district === undefined || district.length > 0) {
        for (let offset = 0; rows.length < MAX_ROWS; offset += PAGE) {
          const page = await opts.events.list({ ...q, district, limit: PAGE, offset });
          rows.push(...page.items.map((e) => viewEvent(e, p)));
          if (page.items.length < PAGE) break;
        }
      }
      const shown = rows.slice(0, MAX_ROWS);
      await recordAudit(req, 'events.export', null, {
        filter: { ...q, district },
        rows: shown.length,
        truncated: rows.length > MAX_ROWS,
      });
      const lines = [COLUMNS.map(([h]) => h), ...shown.map((e) => COLUMNS.map(([, f]) => f(e)))];
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="events.csv"');
      return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
    },
  );
}

/**
 * RFC 4180 quoting, and CSV-injection defence: citizen text starting with = + - @ (or a tab/CR) would be a
 * formula in a spreadsheet, so it is prefixed with an apostrophe (OWASP "CSV Injection").
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
