import { GridCellCollection, RoadCollection } from '../contract/map-data';
import { CodedError } from '../contract/errors';
import { getJson } from './http';

/**
 * Static map geometry (road lines, unit-grid cells), fetched once per page and shared by the layers that draw
 * it. It has a URL, so it is server state; the layers bind outside React, hence a plain cached promise rather
 * than a query hook. A route the server does not have yet (NOT_FOUND) means "no data yet": an empty
 * collection, not an error. Any other failure is retried on the next call.
 */
const cache = new Map<string, Promise<unknown>>();

function once<T>(path: string, load: () => Promise<T>, empty: T): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = load().catch((err: unknown) => {
      if (err instanceof CodedError && err.code === 'NOT_FOUND') return empty;
      cache.delete(path);
      throw err;
    });
    cache.set(path, p);
  }
  return p;
}

export const loadRoads = () =>
  once('/api/roads', () => getJson('/api/roads', RoadCollection), {
    type: 'FeatureCollection',
    features: [],
  } satisfies RoadCollection);

export const loadGridCells = () =>
  once('/api/grid-cells', () => getJson('/api/grid-cells', GridCellCollection), {
    type: 'FeatureCollection',
    features: [],
  } satisfies GridCellCollection);
