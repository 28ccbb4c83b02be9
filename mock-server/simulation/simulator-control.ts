import { CodedError } from '../../src/contract/errors';
import type { SimulatorStatus } from '../../src/contract/rest';
import type { SourceId } from '../../src/contract/source';

interface Controlled {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The demo's simulated subsystems by source, each stoppable and startable at run time (`POST /api/simulators/:source/
 * stop|start`, `npm run sim -- stop hotline`): a stopped subsystem stops sending (or, for a polled one, answering),
 * so its feed turns stale or down on the wall; started again, it catches up what the transport allows. Start and
 * stop of one simulator never overlap.
 */
export class SimulatorControl {
  private readonly sims = new Map<SourceId, { sim: Controlled; running: boolean; op: Promise<void> }>();

  register(source: SourceId, sim: Controlled): void {
    this.sims.set(source, { sim, running: false, op: Promise.resolve() });
  }

  status(): SimulatorStatus[] {
    return [...this.sims].map(([source, s]) => ({ source, running: s.running }));
  }

  start(source: SourceId): Promise<SimulatorStatus> {
    return this.change(source, true);
  }

  stop(source: SourceId): Promise<SimulatorStatus> {
    return this.change(source, false);
  }

  /** Stops every running simulator (server shutdown), last registered first. */
  async stopAll(): Promise<void> {
    for (const source of [...this.sims.keys()].reverse()) await this.stop(source);
  }

  private async change(source: SourceId, run: boolean): Promise<SimulatorStatus> {
    const s = this.sims.get(source);
    if (!s) throw new CodedError('NOT_FOUND', `no simulator for ${source} runs in this server`);
    s.op = s.op.then(async () => {
      if (s.running === run) return;
      if (run) await s.sim.start();
      else await s.sim.stop();
      s.running = run;
    });
    await s.op;
    return { source, running: s.running };
  }
}
