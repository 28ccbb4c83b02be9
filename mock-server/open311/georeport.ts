import type { Open311CodeTable } from '../../src/contract/city-pack';
import type { Department } from '../../src/contract/city-pack';
import type { Event, EventStatus } from '../../src/contract/event';
import { maskPhonesInText } from '../auth/visibility';
import { escapeXml } from '../subsystems/warnings/cap-writer';

/** GeoReport v2 field names (http://wiki.open311.org/GeoReport_v2), as clients expect them. */
export interface GeoReportRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
}

export interface GeoReportService {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

const STATUS_NOTE: Record<EventStatus, string> = {
  reported: '已上报，待受理',
  accepted: '已受理',
  dispatched: '已派遣至处置部门',
  'in-progress': '处置中',
  resolved: '已处置，待核查',
  verified: '已核查，待结案',
  closed: '已结案',
  returned: '已退回，重新派遣中',
  reopened: '已重新打开',
};

export function servicesOf(table: Open311CodeTable): GeoReportService[] {
  return table.services.map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: false,
    type: 'realtime',
    keywords: s.keywords.join(','),
    group: s.group,
  }));
}

/**
 * An event as a GeoReport request. Published openly, so it carries nothing personal: no reporter, and mobile
 * numbers in the citizen's text are masked (the same rule as for roles without personal-data access).
 */
export function requestOf(
  e: Event,
  table: Open311CodeTable,
  department: (id: string) => Department | undefined,
): GeoReportRequest {
  const service = table.services.find((s) => s.code === e.category);
  const agency = e.department ? (department(e.department)?.name['zh-CN'] ?? '') : '';
  return {
    service_request_id: e.nativeId,
    status: e.status === 'closed' ? 'closed' : 'open',
    status_notes: STATUS_NOTE[e.status],
    service_name: service?.name ?? e.category,
    service_code: e.category,
    description: maskPhonesInText(e.description),
    agency_responsible: agency,
    service_notice: '',
    requested_datetime: e.reportedAt,
    updated_datetime: e.updatedAt,
    expected_datetime: e.slaDueAt,
    address: maskPhonesInText(e.address),
    address_id: '',
    zipcode: '',
    lat: e.location.lat,
    long: e.location.lon,
    media_url: typeof e.attributes['mediaUrl'] === 'string' ? e.attributes['mediaUrl'] : '',
  };
}

/** GeoReport XML: a root list element of `item` elements, each field an element (null → empty). */
export function toXml(root: string, item: string, rows: readonly object[]): string {
  const body = rows
    .map((r) => {
      const fields = Object.entries(r)
        .map(([k, v]) => `    <${k}>${v === null || v === undefined ? '' : escapeXml(String(v))}</${k}>`)
        .join('\n');
      return `  <${item}>\n${fields}\n  </${item}>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>\n${body}${body ? '\n' : ''}</${root}>\n`;
}
