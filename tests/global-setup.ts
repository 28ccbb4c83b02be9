import { execFileSync } from 'node:child_process';

/** Tests use the generated road network: build it (incremental, skipped when up to date) before any test. */
export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-basemap.ts'], { stdio: 'inherit' });
}
