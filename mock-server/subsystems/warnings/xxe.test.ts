import dns from 'node:dns';
import fs, { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { XmlDocument } from 'libxml2-wasm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import { warningsAdapter } from './adapter';
import { SAFE_PARSE } from './cap';

/**
 * The XXE defence, proven: while hostile CAP is adapted, nothing touches the file system or the network, and
 * the content of a real file an entity points at appears nowhere.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures');
let pack: CityPack;
let dir: string;
let secretPath: string;
const SECRET = `TOP-SECRET-${randomUUID()}`;

beforeAll(() => {
  pack = loadCityPack('shanghai');
  dir = mkdtempSync(join(tmpdir(), 'xxe-'));
  secretPath = join(dir, 'secret.txt');
  writeFileSync(secretPath, SECRET);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Every way the process could read a file or reach the network, spied on. */
function spyOnIo() {
  const spies = [
    vi.spyOn(fs, 'readFileSync'),
    vi.spyOn(fs, 'readFile'),
    vi.spyOn(fs, 'openSync'),
    vi.spyOn(fs, 'open'),
    vi.spyOn(fs, 'readSync'),
    vi.spyOn(fs, 'createReadStream'),
    vi.spyOn(fs.promises, 'readFile'),
    vi.spyOn(fs.promises, 'open'),
    vi.spyOn(net, 'connect'),
    vi.spyOn(net, 'createConnection'),
    vi.spyOn(http, 'request'),
    vi.spyOn(http, 'get'),
    vi.spyOn(https, 'request'),
    vi.spyOn(https, 'get'),
    vi.spyOn(dns, 'lookup'),
    vi.spyOn(globalThis, 'fetch'),
  ];
  return { calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0) };
}

/** An external entity pointing at the secret file, referenced in the headline. */
const xxeToSecret = () => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE alert [
  <!ENTITY xxe SYSTEM "file://${secretPath}">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>X1</identifier><sender>attacker</sender><sent>2026-07-01T08:30:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>暴雨</event><urgency>Immediate</urgency><severity>Severe</severity>
  <certainty>Likely</certainty><headline>&xxe;</headline></info>
</alert>`;

describe('CAP XXE defence', () => {
  it('the spies see a file read when one happens (so the checks below can fail)', () => {
    const io = spyOnIo();
    readFileSync(secretPath);
    expect(io.calls()).toBeGreaterThan(0);
  });

  it.each([
    ['xee.cap', () => readFileSync(join(FIXTURES, 'xee.cap'))],
    ['an entity pointing at a real file', () => Buffer.from(xxeToSecret())],
  ])('rejects %s without any file or network access', (_name, load) => {
    const xml = load();
    const io = spyOnIo();
    const r = warningsAdapter.adapt(xml, { pack });
    const calls = io.calls();
    vi.restoreAllMocks();
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    expect(calls).toBe(0);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('the parser underneath does not fetch or substitute the entity either (second line of defence)', () => {
    const io = spyOnIo();
    const doc = XmlDocument.fromString(xxeToSecret(), { option: SAFE_PARSE });
    try {
      const calls = io.calls();
      vi.restoreAllMocks();
      expect(calls).toBe(0);
      expect(doc.root.content).not.toContain(SECRET);
      expect(doc.toString()).not.toContain(SECRET);
    } finally {
      doc.dispose();
    }
  });
});
