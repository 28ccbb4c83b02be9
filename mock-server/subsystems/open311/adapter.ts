import type { EventDraft } from '../../../src/contract/event';
import { reject, type Adapter, type AdaptResult, type AdapterContext } from '../../pipeline/adapter';
import { Open311Submission } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;

/**
 * Open311 GeoReport v2 service request → Event. The service code is our category (the pack's Open311 table
 * lists which ones a citizen may report and the severity each starts at). Coordinates are WGS-84 as the spec
 * says; a request without them is refused (the spec allows address-only requests, but this deployment has no
 * geocoder: an event must be placed on the map). The citizen's name and phone are the reporter (masked per
 * role like every reporter); e-mail, device and account ids are not kept beyond what the console needs.
 */
export const open311Adapter: Adapter = {
  source: 'open311',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    const parsed = Open311Submission.safeParse(raw);
    if (!parsed.success) {
      return reject(
        'INTAKE_SCHEMA',
        'not a GeoReport v2 service request',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    const r = parsed.data;
    const service = pack.codeTables.open311.services.find((s) => s.code === r.service_code);
    if (!service)
      return reject('UNKNOWN_CODE', `unknown service_code "${r.service_code}"`, [
        { path: 'service_code', message: 'unknown' },
      ]);
    if (r.lat === undefined || r.long === undefined || Number.isNaN(r.lat) || Number.isNaN(r.long)) {
      return reject('INTAKE_SCHEMA', 'lat and long are required (no geocoder for address-only requests)', [
        { path: r.lat === undefined ? 'lat' : 'long', message: 'required' },
      ]);
    }
    const [w, s, e, n] = pack.manifest.bounds;
    if (
      r.long < w - BOUNDS_MARGIN ||
      r.long > e + BOUNDS_MARGIN ||
      r.lat < s - BOUNDS_MARGIN ||
      r.lat > n + BOUNDS_MARGIN
    ) {
      return reject('COORD_OUT_OF_RANGE', `location ${r.lat},${r.long} is outside ${pack.manifest.name.en}`, [
        { path: 'lat', message: 'outside the city' },
      ]);
    }
    const { district, street } = pack.locate(r.long, r.lat);
    const name = [r.last_name, r.first_name].filter((x) => x?.trim()).join('') || null;
    const attributes: EventDraft['attributes'] = { channel: 'open311', serviceCode: service.code };
    if (r.media_url) attributes['mediaUrl'] = r.media_url;
    if (r.account_id) attributes['accountId'] = r.account_id;
    const address = r.address_string?.trim() ?? '';
    return {
      ok: true,
      drafts: [
        {
          source: 'open311',
          nativeId: r.request_id,
          category: service.code,
          title: `市民上报 · ${service.name}`,
          description: r.description?.trim() || service.name,
          severity: service.severity,
          location: { lon: round6(r.long), lat: round6(r.lat) },
          address,
          district,
          street,
          grid: pack.locateGrid(r.long, r.lat),
          reportedAt: r.received_at,
          sourceUpdatedAt: r.received_at,
          cameraIds: [],
          reporter: name === null && !r.phone ? null : { name, phone: r.phone?.trim() || null },
          attributes,
        },
      ],
    };
  },
};

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
