import { postWithRetry } from '../../simulation/http-sender';
import { sharedIncidents } from '../../simulation/incidents';
import { simEndpoint } from '../../simulation/sim-endpoints';
import { VendorHttpServer } from '../../simulation/vendor-http';
import type { Runnable, SubsystemContext } from '../types';
import { DEVICES_PATH } from './native';
import { catalogueRoute, VideoPlatform } from './platform';

const TICK_MS = 1000;

/**
 * The video platform (雪亮工程): serves its camera catalogue on its own HTTP port and pushes status changes
 * and AI alarms to our intake webhook, as the real platform's subscription does.
 */
export function createVideoSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack, log } = ctx;
  const platform = new VideoPlatform(
    pack,
    config.SIM_SEED,
    Date.now(),
    config.SIM_RATE,
    sharedIncidents(ctx),
    config.SIM_DEFECT_RATE,
  );
  const server = new VendorHttpServer('video', { [DEVICES_PATH]: catalogueRoute(platform) }, log);
  const endpoint = simEndpoint(ctx, 'video');
  // Renewed at each start: a simulator stopped and started again at run time (POST /api/simulators/…) sends again.
  let abort = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  const send = (body: string) => {
    const p = postWithRetry(
      `${ctx.baseUrl()}/api/intake/video`,
      body,
      'application/json',
      log,
      abort.signal,
      ctx.intakeHeaders('video'),
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const tick = () => {
    const now = Date.now();
    for (const push of platform.advance(now)) send(JSON.stringify(push));
    if (platform.isDefect()) send(platform.defective(now));
    timer = setTimeout(tick, TICK_MS);
  };

  return {
    async start() {
      abort = new AbortController();
      const url = await server.start();
      endpoint.set(url);
      tick();
      log.info({ source: 'video', url, cameras: platform.size }, 'video platform simulator started');
    },
    async stop() {
      clearTimeout(timer);
      endpoint.set(null);
      // A short grace for posts on the wire; the server drains what it has received either way.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 250))]);
      abort.abort();
      await server.stop();
    },
  };
}
