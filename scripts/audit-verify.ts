import { ConfigError, parseConfig } from '../mock-server/config';
import { verifyAuditChain } from '../mock-server/store/audit-repo';
import { openStore } from '../mock-server/store/db';

/**
 * `npm run audit:verify`: walks the audit log's hash chain in the configured store (DATA_DIR or
 * DATABASE_URL, as the server) and exits 0 when every entry verifies, 1 naming the first bad entry.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const db = await openStore(config);
  try {
    const result = await verifyAuditChain(db.kysely);
    if (result.ok) {
      process.stdout.write(
        `audit log OK: ${result.entries} entries verified in ${db.location}; head ${result.headHash ?? '(empty)'}\n`,
      );
      return 0;
    }
    process.stdout.write(
      `audit log BROKEN at entry ${result.firstBad!.id}: ${result.firstBad!.reason} ` +
        `(${result.entries} entries before it verified) in ${db.location}\n`,
    );
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
