import gcoord from 'gcoord';
import type { EventDraft, Severity } from '../../../src/contract/event';
import { toUtcInstant } from '../../../src/contract/time';
import { reject, type Adapter, type AdaptResult, type AdapterContext } from '../../pipeline/adapter';
import { CityManagementCase, EPOCH_S_MAX, EPOCH_S_MIN } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;

/**
 * 数字城管 case → Event draft: class code → category and severity via the pack's code table, BD-09 → WGS-84,
 * epoch seconds → UTC. The platform's case status is the source's own lifecycle fact: it is kept as the
 * `nativeStatus` attribute (and what it reports, `sourceStatus`), never written over our status, which the
 * console owns.
 */
export const cityManagementAdapter: Adapter = {
  source: 'city-management',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    const parsed = CityManagementCase.safeParse(raw);
    if (!parsed.success) {
      return reject(
        'INTAKE_SCHEMA',
        'case does not match the 数字城管 case schema',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    const c = parsed.data;
    const table = pack.codeTables.cityManagement;
    const classCode = `${c.mainTypeCode}${c.subTypeCode}`;
    const cls = table.classes[c.caseKind][classCode];
    if (!cls) {
      return reject('UNKNOWN_CODE', `unknown ${c.caseKind} class ${classCode}`, [
        { path: 'subTypeCode', message: `${c.caseKind} ${classCode} is not in the code table` },
      ]);
    }
    const status = table.statuses[String(c.statusCode)];
    if (!status) {
      return reject('UNKNOWN_CODE', `unknown case status ${c.statusCode}`, [
        { path: 'statusCode', message: 'not in the code table' },
      ]);
    }
    if (c.caseKind === '部件') {
      if (c.componentId === null) {
        return reject('INTAKE_SCHEMA', '部件 case without a componentId', [
          { path: 'componentId', message: 'required for 部件 cases' },
        ]);
      }
      if (c.componentId.slice(6, 10) !== classCode) {
        return reject(
          'INTAKE_SCHEMA',
          `componentId class ${c.componentId.slice(6, 10)} ≠ case class ${classCode}`,
          [{ path: 'componentId', message: 'its class part contradicts the case class' }],
        );
      }
    }
    if (!pack.gridCodes.has(c.gridCode)) {
      return reject('UNKNOWN_CODE', `unknown unit-grid code ${c.gridCode}`, [
        { path: 'gridCode', message: 'not a cell of the city pack' },
      ]);
    }

    for (const [path, t] of [
      ['createTime', c.createTime],
      ['updateTime', c.updateTime],
      ['deadlineTime', c.deadlineTime],
    ] as const) {
      if (t !== null && (t < EPOCH_S_MIN || t >= EPOCH_S_MAX)) {
        const hint = t >= EPOCH_S_MAX * 100 ? ' (milliseconds where seconds are expected?)' : '';
        return reject('BAD_TIME', `${path} ${t} is not a plausible epoch-second time${hint}`, [
          { path, message: 'epoch seconds expected' },
        ]);
      }
    }
    if (c.updateTime < c.createTime) {
      return reject('BAD_TIME', `updateTime ${c.updateTime} is before createTime ${c.createTime}`, [
        { path: 'updateTime', message: 'before createTime' },
      ]);
    }

    const [w, s, e, n] = pack.manifest.bounds;
    // BD-09 is Baidu's offset of GCJ-02, itself an offset of WGS-84; gcoord undoes both (see adapter.test.ts
    // for the published pairs it is checked against).
    const [lon, lat] = gcoord.transform([c.bdX, c.bdY], gcoord.BD09, gcoord.WGS84) as [number, number];
    if (
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      lon < w - BOUNDS_MARGIN ||
      lon > e + BOUNDS_MARGIN ||
      lat < s - BOUNDS_MARGIN ||
      lat > n + BOUNDS_MARGIN
    ) {
      return reject(
        'COORD_OUT_OF_RANGE',
        `location ${c.bdX},${c.bdY} (BD-09) is outside ${pack.manifest.name.en}`,
        [{ path: 'bdX', message: 'outside the city' }],
      );
    }

    const { district, street } = pack.locate(lon, lat);
    const attributes: EventDraft['attributes'] = {
      caseKind: c.caseKind,
      classCode,
      nativeClass: c.subTypeName,
      nativeStatus: status.name,
      nativeStatusCode: c.statusCode,
      sourceStatus: status.reports,
      caseSource: c.caseSource,
    };
    if (c.componentId !== null) attributes['componentId'] = c.componentId;
    if (c.handleDept !== null) attributes['handleDept'] = c.handleDept;
    if (c.supervisorId !== null) attributes['supervisorId'] = c.supervisorId;
    if (c.deadlineTime !== null) attributes['deadline'] = toUtcInstant(c.deadlineTime * 1000);
    // A grid or component code that contradicts the coordinates is flagged for the officer, not silently fixed.
    if (street !== null && c.gridCode.slice(0, 9) !== street) attributes['gridMismatch'] = true;
    if (c.componentId !== null && district !== null && c.componentId.slice(0, 6) !== district) {
      attributes['componentDistrictMismatch'] = true;
    }
    const overdue = c.deadlineTime !== null && c.updateTime > c.deadlineTime && status.reports !== 'closed';
    if (overdue) attributes['overdue'] = true;
    const severity: Severity =
      overdue && table.overdueRaisesSeverity && cls.severity === 'IV' ? 'III' : cls.severity;
    const major = table.majors[c.caseKind][c.mainTypeCode] ?? c.mainTypeCode;

    return {
      ok: true,
      drafts: [
        {
          source: 'city-management',
          nativeId: c.caseCode,
          category: cls.category,
          title: `${cls.name} · ${major}${c.caseKind}`,
          description: c.description,
          severity,
          location: { lon: round6(lon), lat: round6(lat) },
          address: c.address,
          district,
          street,
          grid: c.gridCode,
          reportedAt: toUtcInstant(c.createTime * 1000),
          sourceUpdatedAt: toUtcInstant(c.updateTime * 1000),
          cameraIds: [],
          reporter: null,
          attributes,
        },
      ],
    };
  },
};

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
