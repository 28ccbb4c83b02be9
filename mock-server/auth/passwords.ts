import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with Argon2id (@node-rs/argon2: a Rust binding shipped as a prebuilt binary inside
 * its npm package, no download or compiler at install). Argon2id is OWASP's first choice; the parameters
 * are its minimum recommendation (19 MiB, 2 passes), about 60 ms here. Node's scrypt would do too, but
 * Argon2id's PHC string records its parameters, so they can be raised later without breaking old hashes.
 */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** A hash of nothing anyone knows: verified against for unknown accounts so timing does not reveal them. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummy ??= hashPassword(`no-such-user-${Math.random()}`);
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
