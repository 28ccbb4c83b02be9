import type { z } from 'zod';
import { ApiError, CodedError } from '../contract/errors';

/** GETs JSON and parses it with the contract; server errors become CodedErrors carrying the catalogue code. */
export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ApiError.safeParse(body);
    if (err.success)
      throw new CodedError(err.data.error.code, err.data.error.message, err.data.error.details);
    throw new CodedError('INTERNAL', `${path}: HTTP ${res.status}`);
  }
  return schema.parse(body);
}

/** The session's CSRF token (from /api/auth/session), echoed on every state-changing request. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The header a state-changing request sends (for fetchers that read more of an error body than sendJson). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/**
 * Sends JSON (POST/PUT/PATCH/DELETE) with the session's CSRF token and parses the answer with the contract;
 * errors become CodedErrors, as for getJson.
 */
export async function sendJson<S extends z.ZodType>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: JSON.stringify(body ?? {}),
  });
  const parsed: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ApiError.safeParse(parsed);
    if (err.success)
      throw new CodedError(err.data.error.code, err.data.error.message, err.data.error.details);
    throw new CodedError('INTERNAL', `${path}: HTTP ${res.status}`);
  }
  return schema.parse(parsed);
}
