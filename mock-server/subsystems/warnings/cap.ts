import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ParseOption,
  XmlDocument,
  XmlElement,
  XmlLibError,
  XsdValidator,
  type ErrorDetail,
} from 'libxml2-wasm';
import { reject, type Rejection } from '../../pipeline/adapter';
import { CapAlert, type ParsedCapAlert } from './native';
import { decodeXmlBytes } from './xml-bytes';

/**
 * CAP parsing and validation, shared by the warnings adapter and anything that publishes CAP (the console's
 * warning drafts validate here before they leave).
 *
 * Why libxml2-wasm: the reference XSD validator (libxml2) compiled to WebAssembly inside the npm package, so it
 * installs and runs offline with no native build; the compiled schema is reused (≈ 1 ms per alert); and one
 * parser both validates and is read from, so what was validated is exactly what the adapter sees. Safety:
 * libxml2 ≥ 2.15 has no network client at all, no input provider is registered (the wasm module's own
 * filesystem is empty), entities are not substituted (no XML_PARSE_NOENT), external DTDs and entities are off
 * (XML_PARSE_NO_XXE, no DTDLOAD/DTDVALID), and before any of that a document with a DOCTYPE is refused —
 * CAP never needs one, and refusing it stops entity expansion ("billion laughs") before parsing starts.
 */

export const CAP12_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP11_NS = 'urn:oasis:names:tc:emergency:cap:1.1';
export type CapVersion = '1.1' | '1.2';

/** libxml2 options for untrusted XML: no network, no external entities or DTDs, entities not substituted. */
export const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** The CAP 1.1 rules, derived from the 1.2 schema: the same structure with the 1.1 value lists (see NOTICE.md). */
export function deriveCap11Schema(cap12: string): string {
  const edits: [string | RegExp, string][] = [
    [/urn:oasis:names:tc:emergency:cap:1\.2/g, CAP11_NS],
    ['version="1.2"', 'version="1.1"'],
    // 1.2 removed certainty "Very Likely" (deprecated in 1.1, where it means "Likely")…
    ['<enumeration value="Likely" />', '<enumeration value="Likely" />\n<enumeration value="Very Likely" />'],
    // …and added responseType "Avoid" and "AllClear".
    ['<enumeration value="Avoid" />', ''],
    ['<enumeration value="AllClear" />', ''],
  ];
  let out = cap12;
  for (const [from, to] of edits) {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`cap12.xsd changed: cannot derive the CAP 1.1 rules (${String(from)})`);
    out = next;
  }
  return out;
}

// Compiled once when the module loads: validating an alert reads nothing.
const CAP12_XSD = readFileSync(join(import.meta.dirname, 'schema', 'cap12.xsd'), 'utf8');
const VALIDATORS: Record<CapVersion, XsdValidator> = {
  '1.2': compileSchema(CAP12_XSD),
  '1.1': compileSchema(deriveCap11Schema(CAP12_XSD)),
};

function compileSchema(xsd: string): XsdValidator {
  const doc = XmlDocument.fromString(xsd, { option: SAFE_PARSE });
  try {
    return XsdValidator.fromDoc(doc);
  } finally {
    doc.dispose();
  }
}

export type CapParseResult = { ok: true; alert: ParsedCapAlert; version: CapVersion } | Rejection;

/** Bytes (decoded by their XML declaration) or text → a schema-valid CAP alert, or the reason it is not one. */
export function parseCap(input: string | Uint8Array): CapParseResult {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeXmlBytes(input);
    if (!decoded.ok) return reject('INTAKE_DECODE', decoded.message);
    text = decoded.text;
  }
  if (hasDoctype(text)) {
    return reject(
      'INTAKE_SCHEMA',
      'DOCTYPE declarations are not accepted in CAP (no DTDs, no entities: XXE and entity-expansion defence)',
      [{ path: '(prolog)', message: 'DOCTYPE present' }],
    );
  }
  let doc: XmlDocument;
  try {
    // The text is Unicode now: hand libxml2 UTF-8 and override the declaration's (already applied) encoding.
    doc = XmlDocument.fromBuffer(Buffer.from(text, 'utf8'), { option: SAFE_PARSE, encoding: 'UTF-8' });
  } catch (err) {
    return reject('INTAKE_DECODE', `not well-formed XML: ${firstLine(err)}`, libDetails(err));
  }
  try {
    // Defence in depth: the prolog check above should make this unreachable.
    if (doc.dtd !== null) return reject('INTAKE_SCHEMA', 'DOCTYPE declarations are not accepted in CAP');
    const root = doc.root;
    const version = root.namespaceUri === CAP12_NS ? '1.2' : root.namespaceUri === CAP11_NS ? '1.1' : null;
    if (root.name !== 'alert' || version === null) {
      return reject(
        'INTAKE_SCHEMA',
        `not a CAP 1.1/1.2 alert: root element {${root.namespaceUri}}${root.name}`,
        [{ path: '(root)', message: 'expected {urn:oasis:names:tc:emergency:cap:1.2}alert' }],
      );
    }
    try {
      VALIDATORS[version].validate(doc);
    } catch (err) {
      return reject('INTAKE_SCHEMA', `CAP ${version} schema: ${firstLine(err)}`, libDetails(err));
    }
    const parsed = CapAlert.safeParse(readElement(root, root.namespaceUri));
    if (!parsed.success) {
      return reject(
        'INTAKE_SCHEMA',
        'CAP alert has unexpected values',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    return { ok: true, alert: parsed.data, version };
  } finally {
    doc.dispose();
  }
}

/** Elements CAP allows more than once (arrays even when single); the others are read as one value. */
const REPEATED = new Set([
  'code',
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'resource',
  'area',
  'polygon',
  'circle',
  'geocode',
]);
/** Elements with element content; everything else in CAP is text. */
const COMPLEX = new Set(['info', 'area', 'eventCode', 'parameter', 'geocode', 'resource']);

/**
 * A validated CAP element → a plain object; foreign-namespace children (the XML signature) are skipped. Children
 * are listed by XPath, not by walking siblings: libxml2-wasm's processing-instruction node has no `next`, so a
 * `<?pi?>` between two elements would end (and crash) a sibling walk.
 */
function readElement(el: XmlElement, ns: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of el.find('./*')) {
    if (!(n instanceof XmlElement) || n.namespaceUri !== ns) continue;
    const value = COMPLEX.has(n.name) ? readElement(n, ns) : n.content.trim();
    if (REPEATED.has(n.name)) ((out[n.name] ??= []) as unknown[]).push(value);
    else out[n.name] = value;
  }
  return out;
}

/** True when the prolog (before the root element) declares a document type. */
function hasDoctype(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else return text.startsWith('<!', i) && /^<!DOCTYPE/i.test(text.slice(i, i + 9));
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return tidy(message.split('\n').find((l) => l.trim() !== '') ?? message);
}

function libDetails(err: unknown): { path: string; message: string }[] | undefined {
  if (!(err instanceof XmlLibError)) return undefined;
  return err.details.slice(0, 20).map((d: ErrorDetail) => ({
    path: `line ${d.line}${d.col ? `:${d.col}` : ''}`,
    message: tidy(d.message),
  }));
}

/** libxml2 spells names as {namespace}local; the CAP namespace is noise in a dead letter. */
function tidy(message: string): string {
  return message.replaceAll(`{${CAP12_NS}}`, 'cap:').replaceAll(`{${CAP11_NS}}`, 'cap:').trim();
}
