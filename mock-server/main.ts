import { buildApp } from './app';
import { ConfigError, parseConfig } from './config';
import { createLogger } from './log';

/** The process: parse configuration, print it, listen, and shut down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  log.info({ config }, 'effective configuration');
  const app = await buildApp(config, log);
  const url = await app.listen();
  log.info({ url, store: app.db.location, city: app.pack.manifest.id }, 'city brain ready');
  process.stdout.write(
    `\n  City Brain IOC is running\n    wall:    ${url}/wall\n    sign in: ${url}/login\n    api:     ${url}/api/feeds\n    store:   ${app.db.location}\n\n`,
  );
  const seeded = app.security.seeded;
  if (seeded) {
    // First start: the demo accounts were just created. Printed once; README lists them too.
    const rows = seeded.accounts
      .filter((a) => a.role !== 'wall')
      .map(
        (a) =>
          `    ${a.username.padEnd(16)} ${a.role.padEnd(8)} ${a.districts?.join(',') ?? 'all districts'}`,
      );
    process.stdout.write(
      `  Demo accounts (password "${seeded.password}"; set SEED_PASSWORD before the first start to change):\n` +
        `${rows.join('\n')}\n` +
        `  Wall display "${seeded.wall.name}": ${url}/wall?token=${seeded.wall.token}\n` +
        `  Change these before real use: /admin (accounts, wall devices); see README "Accounts and security".\n\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    let step = 'starting';
    // A stuck step (a peer that never answers) must not keep a node half-alive: after the deadline the
    // process exits non-zero naming the step, and the supervisor restarts it.
    const deadline = setTimeout(() => {
      log.error({ step, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    app
      .close((s) => {
        step = s;
        log.info({ step: s }, 'shutdown step');
      })
      .then(
        () => {
          log.info('stopped cleanly');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
