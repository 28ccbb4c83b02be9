import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import { dropSchema, storeEnv } from './test-store';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real server in-process on a random port with its own data directory; simulators off unless asked. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
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
  const app = await buildApp(config, pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }));
  const url = await app.listen();
  return {
    app,
    url,
    dataDir: dir,
    async stop(opts) {
      await app.close();
      if (!opts?.keepData) {
        rmSync(dir, { recursive: true, force: true });
        await dropSchema(dir);
      }
    },
  };
}
