import { getJson } from '../../connectors/http-json';
import { createPollLoop } from '../../connectors/poll-loop';
import { simEndpoint } from '../../simulation/sim-endpoints';
import type { Runnable, SubsystemContext } from '../types';
import { CataloguePage, DEVICES_PATH } from './native';

const PAGE_SIZE = 100;
/** A catalogue of more pages than this is a platform bug, not a city. */
const MAX_PAGES = 200;

/**
 * Loads the video platform's camera catalogue at start and every VIDEO_CATALOGUE_REFRESH_MS (the catalogue
 * changes slowly; status pushes carry the changes in between, and a reload catches up pushes that were lost),
 * page by page; each device record goes through the pipeline (camera state, or quarantine). A failing
 * platform is retried with backoff by the shared poll loop and shown as disconnected on the feed.
 */
export function createVideoConnector(ctx: SubsystemContext): Runnable {
  const { config, pipeline } = ctx;
  const log = ctx.log.child({ source: 'video', c: 'connector' });
  const simulated = simEndpoint(ctx, 'video');
  if (config.VIDEO_PLATFORM_URL === undefined && !config.SIMULATORS) {
    log.warn('VIDEO_PLATFORM_URL is not set and simulators are off: the camera catalogue is not loaded');
    return { start: async () => undefined, stop: async () => undefined };
  }
  const baseUrl = () => config.VIDEO_PLATFORM_URL?.replace(/\/$/, '') ?? simulated.get();

  return createPollLoop({
    source: 'video',
    health: ctx.health,
    log,
    intervalMs: config.VIDEO_CATALOGUE_REFRESH_MS,
    maxBackoffMs: 60_000,
    async poll(signal) {
      const url = baseUrl();
      if (url === null) throw new Error('the simulated video platform is not running');
      for (let page = 1; page <= MAX_PAGES; page++) {
        const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
        const parsed = CataloguePage.safeParse(await getJson(`${url}${DEVICES_PATH}?${query}`, signal));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(`catalogue page ${page} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
        }
        const { list, total } = parsed.data.data;
        await pipeline.submitMany(
          'video',
          list.map((item) => ({ payload: item, raw: JSON.stringify(item) ?? '' })),
        );
        if (list.length < PAGE_SIZE || page * PAGE_SIZE >= total) return;
      }
      throw new Error(`the camera catalogue has more than ${MAX_PAGES} pages`);
    },
  });
}
