import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SOURCE_IDS, type SourceId } from '../../src/contract/source';
import type { Config } from '../config';

export interface Secrets {
  /** HMAC key for session/device token hashes and CSRF tokens. */
  sessionSecret: string;
  /** HMAC key for signed video stream URLs. */
  videoUrlKey: string;
  /** The API key each subsystem sends on POST /api/intake/<source>. */
  intakeKeys: ReadonlyMap<SourceId, string>;
  /** Where generated secrets are kept (null for an in-memory store). */
  file: string | null;
}

const SecretsFile = z.object({
  sessionSecret: z.string().min(32),
  videoUrlKey: z.string().min(32),
  intakeSecret: z.string().min(32),
});

const generate = () => randomBytes(32).toString('base64url');

/**
 * Secrets come from the environment; any not set there is generated once and persisted in
 * `DATA_DIR/secrets.json` (mode 0600), so restarts keep sessions and keys valid. Nothing is a constant in
 * the code. Deleting the file (or setting the variables) rotates them: every session and signed URL ends.
 */
export function loadSecrets(config: Config): Secrets {
  const inMemory = config.DATA_DIR === ':memory:';
  const file = inMemory ? null : join(config.DATA_DIR, 'secrets.json');
  let stored: z.infer<typeof SecretsFile> | null = null;
  if (file && existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid secrets file: ${parsed.error.message}`);
    stored = parsed.data;
  }
  if (!stored) {
    stored = { sessionSecret: generate(), videoUrlKey: generate(), intakeSecret: generate() };
    if (file) {
      mkdirSync(config.DATA_DIR, { recursive: true });
      writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    }
  }
  const configured = new Map(
    (config.INTAKE_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
  for (const source of configured.keys()) {
    if (!(SOURCE_IDS as readonly string[]).includes(source))
      throw new Error(`INTAKE_KEYS names an unknown source "${source}"`);
  }
  const intakeKeys = new Map<SourceId, string>(
    SOURCE_IDS.map((s) => [
      s,
      configured.get(s) ??
        createHmac('sha256', stored!.intakeSecret).update(`intake:${s}`).digest('base64url'),
    ]),
  );
  return {
    sessionSecret: config.SESSION_SECRET ?? stored.sessionSecret,
    videoUrlKey: config.VIDEO_URL_KEY ?? stored.videoUrlKey,
    intakeKeys,
    file,
  };
}
