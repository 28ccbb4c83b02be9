import type { z } from 'zod';
import { CodedError } from '../../src/contract/errors';
import { eventId } from '../../src/contract/event';
import { getJson } from '../connectors/http-json';
import { createPollLoop } from '../connectors/poll-loop';
import { simEndpoint } from '../simulation/sim-endpoints';
import {
  formatOffsetTime,
  parseOffsetTime,
  VERIFICATIONS_PATH,
  VerificationsResponse,
  type PatrolVerification,
} from '../subsystems/grid/native';
import type { Runnable, SubsystemContext } from '../subsystems/types';
import type { LifecycleService } from './lifecycle-service';

export const CURSOR = 'grid:verifications';
const OVERLAP_MS = 5_000;

/**
 * A grid worker's on-site check (核实) of a fixed case, as the 网格化 platform reports it
 * (`GET /patrol/verifications?since=`): 通过 verifies a resolved event, 不通过 sends it back to the
 * department (rework) with the worker's note. A check of an event that is not waiting for verification
 * changes nothing (the officer has not marked it resolved; the grid's own case state will say 已核实 when
 * it is, and the channel watcher verifies then). Returns what happened, for the poll's log and tests.
 */
export async function applyVerification(
  service: LifecycleService,
  v: z.output<typeof VerificationsResponse>['verifications'][number],
): Promise<'verified' | 'rework' | 'ignored'> {
  const id = eventId('grid', v.case_id);
  const passed = v.result === '通过';
  const verifiedAt = parseOffsetTime(v.verified_at);
  try {
    const { action } = await service.act(
      id,
      {
        action: passed ? 'verify' : 'rework',
        note: v.note || (passed ? '网格员核实通过' : '网格员核实不通过'),
        ...(passed ? {} : { reason: v.note || '核实不通过' }),
        details: { workerId: v.worker_id, verifiedAt: v.verified_at, channel: 'grid' },
      },
      { username: `source:grid`, name: v.worker_id, role: null, address: null },
      {
        expectVersion: null,
        // A re-read (the poll overlaps) or a check older than what the console did since changes nothing.
        guard: (e) => verifiedAt === null || Date.parse(e.updatedAt) <= verifiedAt,
      },
    );
    return action ? (passed ? 'verified' : 'rework') : 'ignored';
  } catch (err) {
    if (err instanceof CodedError && (err.code === 'ILLEGAL_TRANSITION' || err.code === 'NOT_FOUND'))
      return 'ignored';
    throw err;
  }
}

/** Polls the grid platform's verifications (its URL, or the in-process simulator's) and applies them in order. */
export function createGridVerificationPoller(ctx: SubsystemContext, service: LifecycleService): Runnable {
  const { config, cursors, pack } = ctx;
  const log = ctx.log.child({ source: 'grid', c: 'verifications' });
  const simulated = simEndpoint(ctx, 'grid');
  if (config.GRID_URL === undefined && !config.SIMULATORS) {
    return { start: async () => undefined, stop: async () => undefined };
  }
  return createPollLoop({
    source: 'grid',
    health: ctx.health,
    log,
    intervalMs: config.CONNECTOR_POLL_MS,
    async poll(signal) {
      const base = config.GRID_URL ?? simulated.get();
      if (base === null) throw new Error('the simulated 网格化 platform is not running');
      const since = Number((await cursors.get(CURSOR)) ?? '0');
      const query = new URLSearchParams();
      if (since > 0) query.set('since', formatOffsetTime(since, pack.manifest.timezone));
      const parsed = VerificationsResponse.safeParse(
        await getJson(`${base}${VERIFICATIONS_PATH}?${query}`, signal),
      );
      if (!parsed.success)
        throw new Error(`verifications answered out of dialect: ${parsed.error.issues[0]?.message}`);
      const counts = { verified: 0, rework: 0, ignored: 0 };
      for (const v of parsed.data.verifications as PatrolVerification[])
        counts[await applyVerification(service, v)] += 1;
      const serverTime = parseOffsetTime(parsed.data.server_time);
      if (serverTime !== null) await cursors.set(CURSOR, String(Math.max(since, serverTime - OVERLAP_MS)));
      if (counts.verified + counts.rework > 0) log.info(counts, 'grid verifications applied');
    },
  });
}
