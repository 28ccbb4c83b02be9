import { createPollLoop } from '../../connectors/poll-loop';
import { getJson } from '../../connectors/http-json';
import { simEndpoint } from '../../simulation/sim-endpoints';
import type { Runnable, SubsystemContext } from '../types';
import { CASES_PATH, CasePage } from './native';

export const CURSOR = 'city-management:cases';
/**
 * The next poll asks from this many seconds before the platform's clock at the previous poll: a case committed
 * late in the second the previous poll ran is not missed. What the overlap re-reads is a duplicate the
 * pipeline recognises by its update time (idempotent), never a second event.
 */
export const OVERLAP_S = 5;
const PAGE_SIZE = 100;
/** A platform that keeps answering full pages past this is broken; the poll fails rather than loop forever. */
const MAX_PAGES = 10_000;

/**
 * Polls the 数字城管 case API with `updatedSince` + paging. The cursor is stored only after every page of a
 * poll is durable, so a crash or restart resumes where the last complete poll started (minus the overlap):
 * nothing is skipped and nothing beyond the overlap is re-read.
 */
export function createCityManagementConnector(ctx: SubsystemContext): Runnable {
  const { config, pipeline, cursors } = ctx;
  const log = ctx.log.child({ source: 'city-management', c: 'connector' });
  const simulated = simEndpoint(ctx, 'city-management');
  const baseUrl = (): string | null =>
    config.CITY_MANAGEMENT_URL ?? (config.SIMULATORS ? simulated.get() : null);
  if (config.CITY_MANAGEMENT_URL === undefined && !config.SIMULATORS) {
    log.warn('CITY_MANAGEMENT_URL is not set and simulators are off: the 数字城管 feed stays down');
    return { start: async () => undefined, stop: async () => undefined };
  }

  return createPollLoop({
    source: 'city-management',
    health: ctx.health,
    log,
    intervalMs: config.CONNECTOR_POLL_MS,
    async poll(signal) {
      const url = baseUrl();
      if (url === null) throw new Error('the simulated 数字城管 platform is not running');
      const since = Number((await cursors.get(CURSOR)) ?? '0');
      let serverTime: number | null = null;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const query = new URLSearchParams({
          updatedSince: String(since),
          page: String(page),
          pageSize: String(PAGE_SIZE),
        });
        const parsed = CasePage.safeParse(await getJson(`${url}${CASES_PATH}?${query}`, signal));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(`case page ${page} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
        }
        const { data } = parsed.data;
        serverTime ??= parsed.data.serverTime;
        if (data.items.length > 0) {
          await pipeline.submitMany(
            'city-management',
            data.items.map((item) => ({ payload: item, raw: JSON.stringify(item) ?? '' })),
          );
        }
        if (data.items.length === 0 || page * data.pageSize >= data.total) {
          await cursors.set(CURSOR, String(Math.max(since, serverTime - OVERLAP_S)));
          return;
        }
      }
      throw new Error(`more than ${MAX_PAGES} pages of cases since ${since}`);
    },
  });
}
