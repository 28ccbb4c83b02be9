import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTour, formatTourIssue, type Tour } from '../../src/contract/tour';
import { CityPackError, type CityPack } from '../city-packs/load';

/**
 * The city pack's tours (`tours/<id>.json`): the defaults the editor starts from and `/tour` plays until one is
 * saved. Checked at load like the rest of the pack: a bad file stops the server naming the file, and each problem
 * its scene (number, title, id) and field.
 */
export function loadPackTours(pack: Pick<CityPack, 'dir' | 'info'>): Map<string, Tour> {
  const dir = join(pack.dir, 'tours');
  const tours = new Map<string, Tour>();
  if (!existsSync(dir)) return tours;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new CityPackError(`${path}: ${(err as Error).message}`);
    }
    const checked = checkTour(raw, pack.info);
    if (!checked.ok) throw new CityPackError(`${path}: ${checked.issues.map(formatTourIssue).join('; ')}`);
    const id = file.slice(0, -'.json'.length);
    if (checked.tour.id !== id)
      throw new CityPackError(`${path}: id "${checked.tour.id}" must match the file name ("${id}")`);
    tours.set(id, checked.tour);
  }
  return tours;
}
