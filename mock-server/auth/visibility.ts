import type { Principal } from '../../src/contract/auth';
import type { Event, Reporter } from '../../src/contract/event';
import { seesPersonalData } from './policy';

/**
 * What a principal may see of the data: district scope (依权限分级) and personal-data masking. The one place
 * both are decided; REST routes, exports and the live gateway all call these functions.
 */

/** The districts a principal is limited to, or null for the whole city. */
export function scopeOf(p: Pick<Principal, 'districts'>): readonly string[] | null {
  return p.districts;
}

/** Whether an item with this district is visible; an item with no district is visible only city-wide. */
export function inScope(p: Pick<Principal, 'districts'>, district: string | null | undefined): boolean {
  const scope = scopeOf(p);
  if (scope === null) return true;
  return district != null && scope.includes(district);
}

/**
 * The districts a query may cover: what the caller asked, cut to their scope (never widened). `undefined`
 * means no district condition; an empty array means nothing is visible (callers must return no rows).
 */
export function scopedDistricts(
  p: Pick<Principal, 'districts'>,
  requested: readonly string[] | undefined,
): string[] | undefined {
  const scope = scopeOf(p);
  if (scope === null) return requested?.length ? [...requested] : undefined;
  if (!requested?.length) return [...scope];
  return requested.filter((d) => scope.includes(d));
}

/** 张三丰 → 张**; a one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** 13912345678 → 139****5678: the first three and last four digits stay, every other digit is starred. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  if (digits < 8) return phone.replace(/\d(?=(?:\D*\d){2})/g, '*');
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen++;
    return seen <= 3 || seen > digits - 4 ? d : '*';
  });
}

/** Mainland mobile numbers inside free text (citizens often write "请回电139…" into the complaint). */
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function maskPhonesInText(text: string): string {
  return text.replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
}

function maskReporter(r: Reporter): Reporter {
  return {
    name: r.name === null ? null : maskName(r.name),
    phone: r.phone === null ? null : maskPhone(r.phone),
  };
}

/**
 * An event as `p` may see it: unchanged for roles that handle citizens' requests, otherwise with the
 * reporter's name and phone masked and phone numbers in the citizen's text masked.
 */
export function viewEvent(e: Event, p: Pick<Principal, 'role'>): Event {
  if (seesPersonalData(p)) return e;
  return {
    ...e,
    reporter: e.reporter ? maskReporter(e.reporter) : null,
    description: maskPhonesInText(e.description),
    title: maskPhonesInText(e.title),
    address: maskPhonesInText(e.address),
  };
}
