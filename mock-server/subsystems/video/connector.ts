import type { IngestRecord } from '../../pipeline/ingest';
import type { Runnable, SubsystemContext } from '../types';
import { CataloguePage } from './native';
import { simulatedPlatformUrl } from './rendezvous';

const PAGE_SIZE = 100;
/** A catalogue of more pages than this is a platform bug, not a city. */
const MAX_PAGES = 200;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Loads the video platform's camera catalogue at start and every few minutes, page by page; each device record
 * goes through the pipeline (camera state, or quarantine). A failing platform is retried with backoff and shown
 * as disconnected on the feed.
 */
export function createVideoConnector(ctx: SubsystemContext): Runnable {
  const { config, health, pipeline, log } = ctx;
  // The catalogue changes slowly; status pushes carry the changes in between, a reload catches up missed ones.
  const refreshMs = config.VIDEO_CATALOGUE_REFRESH_MS;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let failures = 0;

  const pollOnce = async (base: string): Promise<number> => {
    let loaded = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await fetch(`${base}/api/v1/devices?page=${page}&pageSize=${PAGE_SIZE}`, {
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      if (!res.ok) throw new Error(`catalogue page ${page}: HTTP ${res.status}`);
      const body = CataloguePage.safeParse(await res.json());
      if (!body.success)
        throw new Error(`catalogue page ${page}: unexpected envelope (${body.error.issues[0]?.message})`);
      const records: IngestRecord[] = body.data.data.list.map((item) => ({
        payload: item,
        raw: JSON.stringify(item),
      }));
      await pipeline.submitMany('video', records);
      loaded += records.length;
      if (records.length < PAGE_SIZE || page * PAGE_SIZE >= body.data.data.total) break;
    }
    return loaded;
  };

  const loop = async (base: string) => {
    if (abort.signal.aborted) return;
    try {
      const n = await pollOnce(base);
      failures = 0;
      health.setConnected('video', true);
      log.debug({ source: 'video', devices: n }, 'camera catalogue loaded');
    } catch (err) {
      if (abort.signal.aborted) return;
      failures += 1;
      health.setConnected('video', false);
      health.error('video', `catalogue: ${(err as Error).message}`);
      log.warn({ source: 'video', err: (err as Error).message, failures }, 'camera catalogue poll failed');
    }
    const wait = failures === 0 ? refreshMs : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures);
    timer = setTimeout(() => (running = loop(base)), wait);
  };

  return {
    async start() {
      const configured = config.VIDEO_PLATFORM_URL?.replace(/\/$/, '');
      if (!configured && !config.SIMULATORS) {
        log.info({ source: 'video' }, 'no VIDEO_PLATFORM_URL: camera catalogue not polled');
        return;
      }
      // The simulated platform starts after the connectors: wait for it in the background, never in start().
      const base = configured ? Promise.resolve(configured) : simulatedPlatformUrl(ctx);
      running = base.then((url) => loop(url));
    },
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}
