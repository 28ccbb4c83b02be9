import { CAP12_NS } from './cap';
import type { CapAlert, CapArea, CapInfo, CapValuePair } from './native';

/**
 * A CAP alert → CAP 1.2 XML (UTF-8), elements in the schema's order, every text escaped. Used by the warning
 * simulator and by anything that publishes CAP; `parseCap` of the output gives the alert back.
 */
export function toCapXml(alert: CapAlert): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<alert xmlns="${CAP12_NS}">`];
  const el = (indent: number, name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${'  '.repeat(indent)}<${name}>${escapeXml(value)}</${name}>`);
  };
  const pairs = (indent: number, name: string, list: readonly CapValuePair[] | undefined) => {
    for (const p of list ?? []) {
      lines.push(`${'  '.repeat(indent)}<${name}>`);
      el(indent + 1, 'valueName', p.valueName);
      el(indent + 1, 'value', p.value);
      lines.push(`${'  '.repeat(indent)}</${name}>`);
    }
  };
  el(1, 'identifier', alert.identifier);
  el(1, 'sender', alert.sender);
  el(1, 'sent', alert.sent);
  el(1, 'status', alert.status);
  el(1, 'msgType', alert.msgType);
  el(1, 'source', alert.source);
  el(1, 'scope', alert.scope);
  el(1, 'restriction', alert.restriction);
  el(1, 'addresses', alert.addresses);
  for (const c of alert.code ?? []) el(1, 'code', c);
  el(1, 'note', alert.note);
  el(1, 'references', alert.references);
  el(1, 'incidents', alert.incidents);
  for (const info of alert.info ?? []) writeInfo(lines, el, pairs, info);
  lines.push('</alert>', '');
  return lines.join('\n');
}

type El = (indent: number, name: string, value: string | undefined) => void;
type Pairs = (indent: number, name: string, list: readonly CapValuePair[] | undefined) => void;

function writeInfo(lines: string[], el: El, pairs: Pairs, info: CapInfo): void {
  lines.push('  <info>');
  el(2, 'language', info.language);
  for (const c of info.category) el(2, 'category', c);
  el(2, 'event', info.event);
  for (const r of info.responseType ?? []) el(2, 'responseType', r);
  el(2, 'urgency', info.urgency);
  el(2, 'severity', info.severity);
  el(2, 'certainty', info.certainty);
  el(2, 'audience', info.audience);
  pairs(2, 'eventCode', info.eventCode);
  el(2, 'effective', info.effective);
  el(2, 'onset', info.onset);
  el(2, 'expires', info.expires);
  el(2, 'senderName', info.senderName);
  el(2, 'headline', info.headline);
  el(2, 'description', info.description);
  el(2, 'instruction', info.instruction);
  el(2, 'web', info.web);
  el(2, 'contact', info.contact);
  pairs(2, 'parameter', info.parameter);
  for (const area of info.area ?? []) writeArea(lines, el, pairs, area);
  lines.push('  </info>');
}

function writeArea(lines: string[], el: El, pairs: Pairs, area: CapArea): void {
  lines.push('    <area>');
  el(3, 'areaDesc', area.areaDesc);
  for (const p of area.polygon ?? []) el(3, 'polygon', p);
  for (const c of area.circle ?? []) el(3, 'circle', c);
  pairs(3, 'geocode', area.geocode);
  el(3, 'altitude', area.altitude);
  el(3, 'ceiling', area.ceiling);
  lines.push('    </area>');
}

export function escapeXml(text: string): string {
  return (
    text
      // Control characters XML 1.0 does not allow at all (not even as references).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** CAP `dateTime`: local time with its offset and no fraction, e.g. 2026-07-01T08:30:00+08:00. */
export function capTime(time: number, offsetMinutes: number): string {
  const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
