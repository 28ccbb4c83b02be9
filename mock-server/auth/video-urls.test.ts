import { describe, expect, it } from 'vitest';
import { StreamUrlSigner } from './video-urls';

const CAMERA = '31010100001320000001';
const KEY = 'k'.repeat(43);
const T0 = Date.parse('2026-11-24T02:00:00Z');

function parts(url: string) {
  const u = new URL(url, 'http://x');
  return { path: u.pathname, exp: u.searchParams.get('exp'), sig: u.searchParams.get('sig') };
}

describe('signed stream URLs', () => {
  const signer = new StreamUrlSigner(KEY, 300);

  it('issues a URL for the camera that verifies for the same session until it expires', () => {
    const s = signer.sign(CAMERA, 'session-a', T0);
    const { path, exp, sig } = parts(s.url);
    expect(path).toBe(`/api/video/${CAMERA}/stream`);
    expect(Number(exp)).toBe(T0 / 1000 + 300);
    expect(s.expiresAt).toBe('2026-11-24T02:05:00.000Z');
    expect(signer.verify({ cameraId: CAMERA, sessionId: 'session-a', exp, sig }, T0 + 299_000)).toEqual({
      ok: true,
    });
  });

  it('refuses the URL after its expiry as expired', () => {
    const { exp, sig } = parts(signer.sign(CAMERA, 'session-a', T0).url);
    expect(signer.verify({ cameraId: CAMERA, sessionId: 'session-a', exp, sig }, T0 + 300_000)).toEqual({
      ok: false,
      code: 'SIGNED_URL_EXPIRED',
    });
  });

  it('refuses a URL used by another session (copied to another user) as invalid', () => {
    const { exp, sig } = parts(signer.sign(CAMERA, 'session-a', T0).url);
    expect(signer.verify({ cameraId: CAMERA, sessionId: 'session-b', exp, sig }, T0)).toEqual({
      ok: false,
      code: 'SIGNED_URL_INVALID',
    });
  });

  it('refuses a tampered expiry, camera or signature, and a URL signed with another key', () => {
    const { exp, sig } = parts(signer.sign(CAMERA, 'session-a', T0).url);
    const bad = (input: { cameraId?: string; exp?: unknown; sig?: unknown }, s = signer) =>
      s.verify({ cameraId: CAMERA, sessionId: 'session-a', exp, sig, ...input }, T0);
    expect(bad({ exp: String(Number(exp) + 3600) })).toMatchObject({ code: 'SIGNED_URL_INVALID' });
    expect(bad({ cameraId: '31010400001320000002' })).toMatchObject({ code: 'SIGNED_URL_INVALID' });
    expect(bad({ sig: `${sig!.slice(0, -2)}AA` })).toMatchObject({ code: 'SIGNED_URL_INVALID' });
    expect(bad({ sig: undefined })).toMatchObject({ code: 'SIGNED_URL_INVALID' });
    expect(bad({ exp: '1e12' })).toMatchObject({ code: 'SIGNED_URL_INVALID' });
    expect(bad({}, new StreamUrlSigner('z'.repeat(43), 300))).toMatchObject({ code: 'SIGNED_URL_INVALID' });
  });
});
