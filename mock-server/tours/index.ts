import type { FastifyInstance } from 'fastify';
import type { Tour } from '../../src/contract/tour';
import type { CityPack } from '../city-packs/load';
import { tourRoutes } from '../gateway/rest/tour-routes';
import type { Db } from '../store/db';
import type { EventsRepo } from '../store/events-repo';
import type { StatesRepo } from '../store/states-repo';
import { TourTargetsRepo } from '../store/tour-targets-repo';

/** The leader tour's server side (issue 9), as the app composes it. */
export interface Tours {
  routes(api: FastifyInstance): Promise<void>;
}

export function setupTours(deps: {
  db: Db;
  pack: CityPack;
  /** The city pack's tours (tour-pack.ts), checked when the app is built. */
  packTours: ReadonlyMap<string, Tour>;
  events: EventsRepo;
  states: StatesRepo;
  now: () => number;
}): Tours {
  const { packTours } = deps;
  return {
    async routes(api) {
      await api.register(tourRoutes, {
        db: deps.db.kysely,
        pack: deps.pack,
        packTours,
        now: deps.now,
        targets: {
          pack: deps.pack,
          events: deps.events,
          targets: new TourTargetsRepo(deps.db.kysely),
          states: deps.states,
          now: deps.now,
        },
      });
    },
  };
}
