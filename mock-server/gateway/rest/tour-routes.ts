import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CodedError } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import {
  checkTour,
  formatTourIssue,
  issuePath,
  ResolvedTarget,
  TourId,
  TourSave,
  TourTargetQuery,
  type Tour,
  type TourRecord,
  type TourSummary,
} from '../../../src/contract/tour';
import { recordAudit } from '../../auth/audit';
import type { CityPack } from '../../city-packs/load';
import type { Database } from '../../store/schema';
import { ToursRepo, type StoredTour } from '../../store/tours-repo';
import { resolveTarget, type LiveTargetDeps } from '../../tours/live-targets';

export interface TourRoutesOptions {
  db: Kysely<Database>;
  pack: Pick<CityPack, 'info'>;
  /** The city pack's tours (the defaults). */
  packTours: ReadonlyMap<string, Tour>;
  targets: LiveTargetDeps;
  now: () => number;
}

const IdParams = z.object({ id: TourId });

function record(id: string, saved: StoredTour | null, packTour: Tour | undefined): TourRecord | null {
  if (saved)
    return {
      tour: saved.tour,
      version: saved.version,
      source: 'saved',
      updatedAt: saved.updatedAt,
      updatedBy: saved.updatedBy,
    };
  if (!packTour) return null;
  return { tour: packTour, version: 0, source: 'pack', updatedAt: null, updatedBy: null };
}

/**
 * Leader tours: read (the pack's file until a tour is saved), saved from the console's editor (checked with the
 * same `checkTour` as the pack loader; audited), reset to the pack's file, and their targets resolved at show time.
 */
export const tourRoutes: FastifyPluginAsync<TourRoutesOptions> = async (app, opts) => {
  const repo = new ToursRepo(opts.db);
  const read = { config: { access: { permission: 'tours:read' as const } } };
  const edit = { config: { access: { permission: 'tours:edit' as const } } };

  app.get('/tours', read, async (): Promise<TourSummary[]> => {
    const saved = new Map((await repo.list()).map((s) => [s.tour.id, s]));
    const ids = [...new Set([...opts.packTours.keys(), ...saved.keys()])].sort();
    return ids.flatMap((id) => {
      const r = record(id, saved.get(id) ?? null, opts.packTours.get(id));
      return r
        ? [
            {
              id,
              title: r.tour.title,
              scenes: r.tour.scenes.length,
              version: r.version,
              source: r.source,
              updatedAt: r.updatedAt,
            },
          ]
        : [];
    });
  });

  app.get('/tours/:id', read, async (req): Promise<TourRecord> => {
    const { id } = IdParams.parse(req.params);
    const r = record(id, await repo.get(id), opts.packTours.get(id));
    if (!r) throw new CodedError('NOT_FOUND', `no tour "${id}"`);
    return r;
  });

  app.put('/tours/:id', edit, async (req): Promise<TourRecord> => {
    const { id } = IdParams.parse(req.params);
    const body = TourSave.parse(req.body);
    const checked = checkTour(body.tour, opts.pack.info);
    if (!checked.ok) {
      throw new CodedError(
        'TOUR_INVALID',
        checked.issues.slice(0, 5).map(formatTourIssue).join('; '),
        checked.issues.map((i) => ({ path: issuePath(i), message: i.message })),
      );
    }
    if (checked.tour.id !== id)
      throw new CodedError('TOUR_INVALID', `the tour's id "${checked.tour.id}" is not "${id}"`, [
        { path: 'id', message: `must be "${id}"` },
      ]);
    const at = toUtcInstant(opts.now());
    const by = req.principal!.username;
    const saved = await opts.db.transaction().execute(async (trx) => {
      const stored = await new ToursRepo(trx).save(checked.tour, body.version, by, at);
      if (stored)
        await recordAudit(
          req,
          'tour.save',
          id,
          { version: stored.version, scenes: stored.tour.scenes.map((s) => s.id) },
          { trx },
        );
      return stored;
    });
    if (!saved) throw new CodedError('VERSION_CONFLICT', `tour "${id}" was saved by someone else; reload it`);
    return record(id, saved, undefined)!;
  });

  app.delete('/tours/:id', edit, async (req): Promise<{ ok: true; record: TourRecord | null }> => {
    const { id } = IdParams.parse(req.params);
    const removed = await opts.db.transaction().execute(async (trx) => {
      const done = await new ToursRepo(trx).remove(id);
      if (done) await recordAudit(req, 'tour.reset', id, {}, { trx });
      return done;
    });
    if (!removed && !opts.packTours.has(id)) throw new CodedError('NOT_FOUND', `no tour "${id}"`);
    return { ok: true, record: record(id, null, opts.packTours.get(id)) };
  });

  app.get(
    '/tour-target',
    { config: { access: { permission: 'tours:read', scope: 'district' } } },
    async (req): Promise<ResolvedTarget> => {
      const q = TourTargetQuery.parse(req.query);
      return ResolvedTarget.parse(await resolveTarget(q, req.principal!, opts.targets));
    },
  );
};
