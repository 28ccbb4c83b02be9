import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import type { SourceId } from '../../src/contract/source';
import type { Subsystem } from '../../mock-server/subsystems/types';
import { clearDefaults, DEMO_PASSWORD, login, setDefaults, type Credentials } from './auth';
import { dropSchema, storeEnv } from './test-store';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  /** The seeded admin's session: what the shared helpers (getJson, postOrder, LiveClient) use by default. */
  admin: Credentials;
  /** Signs in a seeded or created account (password defaults to the demo one). */
  login(username: string, password?: string): Promise<Credentials>;
  /** The API key `source` must send to its intake (X-Intake-Key). */
  intakeKey(source: SourceId): string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real server in-process on a random port with its own data directory; simulators off unless asked. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  opts: { now?: () => number; subsystems?: readonly Subsystem[] } = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'city-brain-test-'));
  const config = parseConfig({
    PORT: '0',
    DATA_DIR: dir,
    STATIC_DIR: '',
    SIMULATORS: 'false',
    LIVE_FLUSH_MS: '50',
    ...storeEnv(dir),
    ...env,
  });
  const app = await buildApp(
    config,
    pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    opts.subsystems,
    opts.now ? { now: opts.now } : {},
  );
  const url = await app.listen();
  const admin = await login(url, 'admin', config.SEED_PASSWORD);
  setDefaults(url, admin, app.security.secrets.intakeKeys);
  return {
    app,
    url,
    dataDir: dir,
    admin,
    login: (username, password = config.SEED_PASSWORD ?? DEMO_PASSWORD) => login(url, username, password),
    intakeKey: (source) => app.security.secrets.intakeKeys.get(source)!,
    async stop(opts) {
      // Cleared after close: senders still posting during a shutdown keep their key (their answer is the test).
      await app.close();
      clearDefaults(url);
      if (!opts?.keepData) {
        rmSync(dir, { recursive: true, force: true });
        await dropSchema(dir);
      }
    },
  };
}
