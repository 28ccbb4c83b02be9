import { CSRF_HEADER, Me } from '../src/contract/auth';
import { ApiError } from '../src/contract/errors';
import { SimulatorStatus } from '../src/contract/rest';
import { SourceId } from '../src/contract/source';
import { z } from 'zod';

const USAGE = `usage: npm run sim -- status | stop <source> | start <source>
  sources: ${SourceId.options.join(', ')}
  env: CITY_BRAIN_URL (default http://127.0.0.1:$PORT or :8080), SIM_ADMIN_USER (admin),
       SIM_ADMIN_PASSWORD (default: SEED_PASSWORD or the demo password)`;

/**
 * `npm run sim -- stop hotline`: stops (or starts) one simulated subsystem of a running server through its admin API
 * (POST /api/simulators/:source/stop|start), signed in as an admin. `status` lists them.
 */
async function main(argv: string[]): Promise<number> {
  const [command, source] = argv;
  const base = (process.env['CITY_BRAIN_URL'] ?? `http://127.0.0.1:${process.env['PORT'] ?? '8080'}`).replace(
    /\/$/,
    '',
  );
  if (command !== 'status' && command !== 'stop' && command !== 'start') return fail(USAGE);
  if (command !== 'status' && !SourceId.safeParse(source).success)
    return fail(`unknown source "${source ?? ''}"\n${USAGE}`);

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: process.env['SIM_ADMIN_USER'] ?? 'admin',
      password: process.env['SIM_ADMIN_PASSWORD'] ?? process.env['SEED_PASSWORD'] ?? 'CityBrain-demo-2026',
    }),
  });
  if (!login.ok) return fail(`sign-in at ${base} failed: ${await errorText(login)}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const me = Me.parse(await login.json());
  const headers = { cookie, [CSRF_HEADER]: me.csrfToken, 'content-type': 'application/json' };

  const res =
    command === 'status'
      ? await fetch(`${base}/api/simulators`, { headers })
      : await fetch(`${base}/api/simulators/${source}/${command}`, { method: 'POST', headers, body: '{}' });
  if (!res.ok) return fail(`${command} failed: ${await errorText(res)}`);
  const statuses = z
    .array(SimulatorStatus)
    .or(SimulatorStatus.transform((s) => [s]))
    .parse(await res.json());
  for (const s of statuses) process.stdout.write(`${s.source}: ${s.running ? 'running' : 'stopped'}\n`);
  return 0;
}

async function errorText(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => null);
  const err = ApiError.safeParse(body);
  return err.success
    ? `${res.status} ${err.data.error.code}: ${err.data.error.message}`
    : `HTTP ${res.status}`;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sim: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
