import gcoord from 'gcoord';
import type { EventDraft } from '../../../src/contract/event';
import { reject, type Adapter, type AdaptResult, type AdapterContext } from '../../pipeline/adapter';
import { localToUtc } from '../../codecs/local-time';
import { HotlineWorkOrder } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;

/** 12345 work order → Event draft: GCJ-02 → WGS-84, local time → UTC, 诉求分类 → category via the code table. */
export const hotlineAdapter: Adapter = {
  source: 'hotline',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    const parsed = HotlineWorkOrder.safeParse(raw);
    if (!parsed.success) {
      return reject(
        'INTAKE_SCHEMA',
        'work order does not match the 12345 webhook schema',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    const o = parsed.data;
    const table = pack.codeTables.hotline;
    const category = table.classes[o.诉求分类];
    if (!category)
      return reject('UNKNOWN_CODE', `unknown 诉求分类 "${o.诉求分类}"`, [
        { path: '诉求分类', message: 'not in the code table' },
      ]);
    const severity = table.urgency[o.紧急程度];
    if (!severity)
      return reject('UNKNOWN_CODE', `unknown 紧急程度 "${o.紧急程度}"`, [
        { path: '紧急程度', message: 'not in the code table' },
      ]);
    if (!table.requestTypes.includes(o.诉求类型)) {
      return reject('UNKNOWN_CODE', `unknown 诉求类型 "${o.诉求类型}"`, [
        { path: '诉求类型', message: 'not in the code table' },
      ]);
    }

    const reported = localToUtc(o.受理时间, pack.manifest.timezone);
    const updated = o.更新时间 === undefined ? reported : localToUtc(o.更新时间, pack.manifest.timezone);
    if (reported === null)
      return reject('BAD_TIME', `受理时间 "${o.受理时间}" is not a valid time`, [
        { path: '受理时间', message: 'invalid date' },
      ]);
    if (updated === null)
      return reject('BAD_TIME', `更新时间 "${o.更新时间}" is not a valid time`, [
        { path: '更新时间', message: 'invalid date' },
      ]);

    const [w, s, e, n] = pack.manifest.bounds;
    if (
      !Number.isFinite(o.经度) ||
      !Number.isFinite(o.纬度) ||
      o.经度 < w - BOUNDS_MARGIN ||
      o.经度 > e + BOUNDS_MARGIN ||
      o.纬度 < s - BOUNDS_MARGIN ||
      o.纬度 > n + BOUNDS_MARGIN
    ) {
      return reject(
        'COORD_OUT_OF_RANGE',
        `location ${o.经度},${o.纬度} is outside ${pack.manifest.name.en}`,
        [{ path: '经度', message: 'outside the city' }],
      );
    }
    // GCJ-02 is an obfuscated datum; gcoord inverts it iteratively (sub-metre in practice, tested against
    // independently published pairs in adapter.test.ts).
    const [lon, lat] = gcoord.transform([o.经度, o.纬度], gcoord.GCJ02, gcoord.WGS84) as [number, number];

    const { district, street } = pack.locate(lon, lat);
    const attributes: EventDraft['attributes'] = {
      channel: o.来电渠道,
      requestType: o.诉求类型,
      nativeClass: o.诉求分类,
      urgency: o.紧急程度,
    };
    if (o.所属区 !== undefined) {
      attributes['nativeDistrict'] = o.所属区;
      const named = district === null ? undefined : pack.codeNames.get(district);
      // A source's district that contradicts its coordinates is flagged for the officer, not silently fixed.
      if (named !== undefined && named !== o.所属区) attributes['districtMismatch'] = true;
    }
    const subject = o.诉求分类.split('/').pop() ?? o.诉求分类;
    return {
      ok: true,
      drafts: [
        {
          source: 'hotline',
          nativeId: o.工单编号,
          category,
          title: `${o.诉求类型} · ${subject}`,
          description: o.诉求内容,
          severity,
          location: { lon: round6(lon), lat: round6(lat) },
          address: o.地址,
          district,
          street,
          grid: null,
          reportedAt: reported,
          sourceUpdatedAt: updated,
          cameraIds: [],
          reporter:
            o.来电人 === undefined && o.联系电话 === undefined
              ? null
              : { name: o.来电人 ?? null, phone: o.联系电话 ?? null },
          attributes,
        },
      ],
    };
  },
};

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
