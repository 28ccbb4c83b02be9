/**
 * XML bytes → text by the document's own encoding (XML 1.0 Appendix F): a byte-order mark first, else the
 * `encoding` of the XML declaration, else UTF-8. Decoding is strict: bytes that are not valid in the declared
 * encoding are an error, never replaced with U+FFFD (a garbled warning must not look like a valid one).
 */
export type DecodedXml = { ok: true; text: string; encoding: string } | { ok: false; message: string };

/** ISO-8859-1 labels: WHATWG's TextDecoder maps them to windows-1252, which differs at 0x80–0x9F; latin1 is exact. */
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'cp819', 'ibm819']);

export function decodeXmlBytes(bytes: Uint8Array): DecodedXml {
  const bom = sniffBom(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.encoding);
  // UTF-16 without a BOM still starts with "<?" in two-byte units (Appendix F.1).
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return decodeAs(bytes, 'utf-16be');
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return decodeAs(bytes, 'utf-16le');
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const declared = /^<\?xml\s[^>]*?encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]{0,39})\1/.exec(head)?.[2];
  return decodeAs(bytes, declared ?? 'utf-8');
}

function sniffBom(bytes: Uint8Array): { length: number; encoding: string } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { length: 3, encoding: 'utf-8' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { length: 2, encoding: 'utf-16be' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { length: 2, encoding: 'utf-16le' };
  return null;
}

function decodeAs(bytes: Uint8Array, label: string): DecodedXml {
  const encoding = label.toLowerCase();
  if (LATIN1.has(encoding)) return { ok: true, text: Buffer.from(bytes).toString('latin1'), encoding };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    // RangeError: a label the WHATWG Encoding Standard does not know.
    return { ok: false, message: `unsupported XML encoding "${label}"` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    // TypeError from the fatal decoder: the bytes are not what the declaration says.
    return { ok: false, message: `bytes are not valid ${decoder.encoding} as the XML declaration says` };
  }
}
