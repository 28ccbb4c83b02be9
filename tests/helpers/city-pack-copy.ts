import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITY_PACKS_DIR } from '../../mock-server/city-packs/load';

/**
 * A copy of a city pack a test may edit (pack.json, code tables), served with `CITY_PACKS_DIR`: the editable files
 * are copied, the large source and generated data are linked.
 */
export function copyCityPack(id = 'shanghai'): {
  root: string;
  /** Rewrites a JSON file of the copy, e.g. `edit('code-tables/hotline.json', t => …)`. */
  edit<T>(file: string, change: (json: T) => T): void;
  remove(): void;
} {
  const root = mkdtempSync(join(tmpdir(), 'city-brain-pack-'));
  const from = join(CITY_PACKS_DIR, id);
  const to = join(root, id);
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === 'source' || entry === 'generated') symlinkSync(join(from, entry), join(to, entry));
    else cpSync(join(from, entry), join(to, entry), { recursive: true });
  }
  return {
    root,
    edit(file, change) {
      const path = join(to, file);
      writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8'))), null, 2));
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
