import type { CityPack } from '../../mock-server/city-packs/load';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import { HotlineGenerator } from '../../mock-server/subsystems/hotline/simulator';
import { formatLocal } from '../../mock-server/simulation/local-time';
import { authHeaders, defaultCredentials, intakeHeaders, type Credentials } from './auth';

/** The city's local time string for an instant, as the 12345 platform writes 更新时间. */
export const localTime = (pack: CityPack, time: number): string => formatLocal(time, pack.manifest.timezone);

let generators = 0;

/**
 * Valid work orders from the real simulator. Each factory gets its own start time, because the generator
 * derives its id prefix from it: two factories in one test file never produce the same 工单编号.
 */
export function orderFactory(
  pack: CityPack,
  seed = 1,
): { next(): HotlineWorkOrder; readonly baseTime: number } {
  // Whole seconds apart: the id prefix has second resolution.
  const baseTime = Date.parse('2026-11-24T02:00:00Z') + ++generators * 1000 + seed * 3_600_000;
  const gen = new HotlineGenerator(pack, seed, baseTime);
  let i = 0;
  return {
    baseTime,
    next: () => gen.order(baseTime + i++ * 1000),
  };
}

export interface Posted {
  status: number;
  /** Parsed JSON body, or null when the body is not JSON. */
  body: Record<string, unknown> | null;
}

/**
 * POSTs to the hotline webhook like the 12345 platform does, with its API key (the test server's, unless
 * `headers` says otherwise). A string body is sent as is.
 */
export async function postOrder(
  url: string,
  order: HotlineWorkOrder | string,
  contentType = 'application/json',
  headers: Record<string, string> = intakeHeaders(url, 'hotline'),
): Promise<Posted> {
  const res = await fetch(`${url}/api/intake/hotline`, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body: typeof order === 'string' ? order : JSON.stringify(order),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('application/json') ?? false;
  const body = isJson ? (JSON.parse(text) as Record<string, unknown>) : null;
  return { status: res.status, body };
}

/** GETs JSON as the test server's admin, or as `as` (null: anonymous). */
export async function getJson<T = unknown>(
  url: string,
  as: Credentials | null = defaultCredentials(url),
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: authHeaders(as) });
  return { status: res.status, body: (await res.json()) as T };
}

export const hotlineId = (o: HotlineWorkOrder): string => `hotline:${o.工单编号}`;
