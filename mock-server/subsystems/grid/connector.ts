import type { ZodType } from 'zod';
import { getJson } from '../../connectors/http-json';
import { createPollLoop } from '../../connectors/poll-loop';
import { simEndpoint } from '../../simulation/sim-endpoints';
import type { Runnable, SubsystemContext } from '../types';
import {
  CASES_PATH,
  CasesResponse,
  formatOffsetTime,
  parseOffsetTime,
  WORKERS_PATH,
  WorkersResponse,
} from './native';

export const CURSOR = 'grid:cases';
/** Re-read this much before the platform's clock at the previous poll; re-reads are idempotent duplicates. */
export const OVERLAP_MS = 5_000;
const LIMIT = 200;
const MAX_PAGES = 10_000;

/**
 * Polls the 网格化 platform: patrol cases changed since the stored cursor (offset paging, newest first), then
 * every worker's latest position. Cases become events, positions `workers` states. The cursor is stored only
 * after every page of a poll is durable.
 */
export function createGridConnector(ctx: SubsystemContext): Runnable {
  const { config, pipeline, cursors, pack } = ctx;
  const log = ctx.log.child({ source: 'grid', c: 'connector' });
  const simulated = simEndpoint(ctx, 'grid');
  if (config.GRID_URL === undefined && !config.SIMULATORS) {
    log.warn('GRID_URL is not set and simulators are off: the 网格化 feed stays down');
    return { start: async () => undefined, stop: async () => undefined };
  }
  const fetchAs = async <T>(url: string, schema: ZodType<T>, signal: AbortSignal): Promise<T> => {
    const parsed = schema.safeParse(await getJson(url, signal));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(`${url} answered out of dialect: ${issue?.path.join('.')} ${issue?.message}`);
  };
  const submit = (records: readonly unknown[]) =>
    records.length === 0
      ? Promise.resolve()
      : pipeline.submitMany(
          'grid',
          records.map((r) => ({ payload: r, raw: JSON.stringify(r) ?? '' })),
        );

  return createPollLoop({
    source: 'grid',
    health: ctx.health,
    log,
    intervalMs: config.CONNECTOR_POLL_MS,
    async poll(signal) {
      const base = config.GRID_URL ?? simulated.get();
      if (base === null) throw new Error('the simulated 网格化 platform is not running');
      const since = Number((await cursors.get(CURSOR)) ?? '0');
      let serverTime: number | null = null;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of cases`);
        const query = new URLSearchParams({ offset: String(page * LIMIT), limit: String(LIMIT) });
        // The platform's own time format, offset included (URLSearchParams encodes its "+").
        if (since > 0) query.set('since', formatOffsetTime(since, pack.manifest.timezone));
        const res = await fetchAs(`${base}${CASES_PATH}?${query}`, CasesResponse, signal);
        serverTime ??= parseOffsetTime(res.server_time);
        if (serverTime === null) throw new Error(`server_time "${res.server_time}" is not a valid time`);
        await submit(res.cases);
        if (res.cases.length === 0 || res.offset + res.cases.length >= res.total) break;
      }
      if (serverTime !== null) await cursors.set(CURSOR, String(Math.max(since, serverTime - OVERLAP_MS)));
      const workers = await fetchAs(`${base}${WORKERS_PATH}`, WorkersResponse, signal);
      await submit(workers.workers);
    },
  });
}
