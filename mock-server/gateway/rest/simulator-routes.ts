import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SourceId } from '../../../src/contract/source';
import { recordAudit } from '../../auth/audit';
import type { SimulatorControl } from '../../simulation/simulator-control';

const SourceParam = z.object({ source: SourceId });
const CONTROL = { access: { permission: 'simulators:control' } } as const;

/** The demo's simulators: list, stop and start one at run time (feed-health drills); each change is audited. */
export async function simulatorRoutes(
  app: FastifyInstance,
  opts: { control: SimulatorControl },
): Promise<void> {
  app.get('/simulators', { config: CONTROL }, async () => opts.control.status());

  for (const action of ['stop', 'start'] as const) {
    app.post(`/simulators/:source/${action}`, { config: CONTROL, bodyLimit: 1024 }, async (req) => {
      const { source } = SourceParam.parse(req.params);
      const status = await opts.control[action](source);
      await recordAudit(req, `simulator.${action}`, source);
      return status;
    });
  }
}
