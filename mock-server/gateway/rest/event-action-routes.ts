import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AlarmAckRequest } from '../../../src/contract/alarms';
import {
  BatchActionRequest,
  EventActionRequest,
  type BatchActionResult,
  type EventActionResult,
} from '../../../src/contract/console';
import type { Warning } from '../../../src/contract/entities';
import { CodedError } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import { recordAudit } from '../../auth/audit';
import { inScope, viewEvent } from '../../auth/visibility';
import { actionsAllowed } from '../../lifecycle/event-detail';
import type { Actor, ActOptions, ActResult, LifecycleService } from '../../lifecycle/lifecycle-service';
import type { StateWriter } from '../../pipeline/state-writer';

const IdParams = z.object({ id: z.string().min(3).max(400) });

export function actorOf(req: FastifyRequest): Actor {
  const p = req.principal!;
  return { username: p.username, name: p.displayName, role: p.role, address: req.ip };
}

/** The request's scope and masking, for the service (district check before version check). */
function optionsOf(req: FastifyRequest, version: number | null): ActOptions {
  const p = req.principal!;
  return { expectVersion: version, inScope: (e) => inScope(p, e.district), view: (e) => viewEvent(e, p) };
}

/**
 * Lifecycle actions (the duty console): `POST /api/events/:id/actions` carries one action with the version the
 * officer saw (409 VERSION_CONFLICT with the current event when it is stale); the batch route applies one action
 * to many events, each on its own; acknowledging an alarm (the wall's banner) is an action too. Every action is
 * stored with its timeline entry and audit entry in one transaction (lifecycle-service.ts).
 */
export async function eventActionRoutes(
  app: FastifyInstance,
  opts: { service: LifecycleService; states: Pick<StateWriter, 'get' | 'put'> },
): Promise<void> {
  const { service } = opts;
  const access = { access: { permission: 'events:act', scope: 'district' } } as const;

  const perform = (req: FastifyRequest, id: string, body: EventActionRequest): Promise<ActResult> => {
    const o = optionsOf(req, body.version);
    if (body.action === 'merge' || body.action === 'split') {
      if (!body.eventIds) {
        throw new CodedError('BAD_REQUEST', `${body.action} needs eventIds`, [
          { path: 'eventIds', message: 'required' },
        ]);
      }
      return service.link(id, body.action, body.eventIds, actorOf(req), { ...o, note: body.note });
    }
    return service.act(id, body, actorOf(req), o);
  };

  app.post(
    '/events/:id/actions',
    { config: access, bodyLimit: 16 * 1024 },
    async (req): Promise<EventActionResult> => {
      const { id } = IdParams.parse(req.params);
      const body = EventActionRequest.parse(req.body);
      const { event, action } = await perform(req, id, body);
      if (!action) throw new CodedError('BAD_REQUEST', 'the action changes nothing (already so)');
      // The next actions come with the result: the console's keys work at once, not after the detail refetch.
      return {
        event: viewEvent(event, req.principal!),
        action,
        allowedActions: actionsAllowed(event.status, service.rules.suggest(event).plan),
      };
    },
  );

  app.post(
    '/events/actions/batch',
    { config: access, bodyLimit: 64 * 1024 },
    async (req): Promise<BatchActionResult> => {
      const body = BatchActionRequest.parse(req.body);
      const results: BatchActionResult['results'] = [];
      // One at a time, each in its own transaction: one stale or illegal item does not stop the others.
      for (const item of body.items) {
        try {
          const { event } = await perform(req, item.id, {
            action: body.action,
            version: item.version,
            ...(body.note ? { note: body.note } : {}),
            ...(body.reason ? { reason: body.reason } : {}),
          });
          results.push({ id: item.id, ok: true, event: viewEvent(event, req.principal!) });
        } catch (err) {
          if (!(err instanceof CodedError)) throw err;
          results.push({ id: item.id, ok: false, ...err.toBody() });
        }
      }
      return { results };
    },
  );

  // The wall's alarm banner waits for this (src/contract/alarms.ts): idempotent, no version (acknowledging
  // twice is not a conflict), a normal versioned change that reaches every wall as a delta.
  app.post('/events/:id/acknowledge', { config: access, bodyLimit: 4096 }, async (req) => {
    const { id } = IdParams.parse(req.params);
    const body = AlarmAckRequest.parse(req.body ?? {});
    const { event } = await service.act(
      id,
      { action: 'acknowledge', note: body.note },
      actorOf(req),
      optionsOf(req, null),
    );
    return viewEvent(event, req.principal!);
  });

  app.post(
    '/warnings/:id/acknowledge',
    { config: { access: { permission: 'events:act' } }, bodyLimit: 4096 },
    async (req): Promise<Warning> => {
      const { id } = IdParams.parse(req.params);
      const body = AlarmAckRequest.parse(req.body ?? {});
      const w = await opts.states.get('warnings', id);
      if (!w) throw new CodedError('NOT_FOUND', `no warning ${id}`);
      if (w.acknowledgedAt) return w;
      // One millisecond past the stored state, not the server's clock: a later Update or Cancel from the
      // release system (stamped with its own `sent`) must still win over this acknowledgement.
      const acked: Warning = {
        ...w,
        acknowledgedAt: toUtcInstant(service.now()),
        acknowledgedBy: req.principal!.username,
        updatedAt: toUtcInstant(Date.parse(w.updatedAt) + 1),
      };
      await opts.states.put('warnings', [acked]);
      await recordAudit(req, 'warning.acknowledge', id, {
        level: w.level,
        ...(body.note ? { note: body.note } : {}),
      });
      return acked;
    },
  );
}
