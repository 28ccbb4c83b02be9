import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CodedError } from '../../src/contract/errors';
import { toUtcInstant } from '../../src/contract/time';
import { safeEqual } from './access';

export interface SignedStream {
  url: string;
  /** Expiry, epoch seconds (as in the URL). */
  exp: number;
  sig: string;
  expiresAt: string;
}

export type StreamCheck = { ok: true } | { ok: false; code: 'SIGNED_URL_EXPIRED' | 'SIGNED_URL_INVALID' };

/**
 * Short-lived stream URLs signed for one caller (依权限分级调阅): HMAC-SHA256 over the camera id, the
 * caller's session id and the expiry. The URL names no user: it verifies only against the session that
 * asked for it, so a URL copied to another user (another session) or used after expiry is refused, and
 * signing out ends every URL the session was given. The media route verifies with `verifyStreamRequest`.
 */
export class StreamUrlSigner {
  constructor(
    private readonly key: string,
    private readonly ttlSeconds: number,
  ) {}

  sign(cameraId: string, sessionId: string, nowMs: number): SignedStream {
    const exp = Math.floor(nowMs / 1000) + this.ttlSeconds;
    const sig = this.mac(cameraId, sessionId, exp);
    const url = `/api/video/${encodeURIComponent(cameraId)}/stream?exp=${exp}&sig=${sig}`;
    return { url, exp, sig, expiresAt: toUtcInstant(exp * 1000) };
  }

  /** Tampered (any part) or foreign → SIGNED_URL_INVALID; authentic but past its expiry → SIGNED_URL_EXPIRED. */
  verify(
    input: { cameraId: string; sessionId: string; exp: unknown; sig: unknown },
    nowMs: number,
  ): StreamCheck {
    const { exp, sig } = input;
    if (typeof sig !== 'string' || typeof exp !== 'string' || !/^\d{1,12}$/.test(exp))
      return { ok: false, code: 'SIGNED_URL_INVALID' };
    const expected = this.mac(input.cameraId, input.sessionId, Number(exp));
    if (!safeEqual(sig, expected)) return { ok: false, code: 'SIGNED_URL_INVALID' };
    if (Number(exp) * 1000 <= nowMs) return { ok: false, code: 'SIGNED_URL_EXPIRED' };
    return { ok: true };
  }

  private mac(cameraId: string, sessionId: string, exp: number): string {
    return createHmac('sha256', this.key)
      .update(`stream:v1\n${cameraId}\n${sessionId}\n${exp}`)
      .digest('base64url');
  }
}

/**
 * For the stream route (declared `{ permission: 'video:view', scope: 'district' }`): throws the catalogue
 * error unless the request's `exp`/`sig` were signed for this camera and the caller's own session.
 */
export function verifyStreamRequest(
  signer: StreamUrlSigner,
  req: FastifyRequest,
  cameraId: string,
  nowMs = Date.now(),
): void {
  if (!req.auth) throw new CodedError('UNAUTHENTICATED', 'sign in first');
  const q = (req.query ?? {}) as Record<string, unknown>;
  const check = signer.verify(
    { cameraId, sessionId: req.auth.session.id, exp: q['exp'], sig: q['sig'] },
    nowMs,
  );
  if (!check.ok) {
    throw new CodedError(
      check.code,
      check.code === 'SIGNED_URL_EXPIRED'
        ? 'stream URL expired; request a new one'
        : 'stream URL not valid for you',
    );
  }
}
