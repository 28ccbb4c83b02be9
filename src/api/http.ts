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
