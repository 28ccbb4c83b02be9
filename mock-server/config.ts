import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((v) => ['true', '1', 'on'].includes(v));

/**
 * Every setting, from the environment, with the embedded defaults `npm start` needs (no external service).
 * Parsed once at start: a bad value stops the process with a message naming each bad variable.
 */
export const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Where the embedded SQLite store lives. */
  DATA_DIR: z.string().min(1).default('data'),
  /** The built SPA served at `/`; empty to serve the API only (e.g. under `npm run dev`). */
  STATIC_DIR: z.string().default('dist'),
  CITY_PACK: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run the subsystem simulators in-process (the demo). Off in production, where real systems connect. */
  SIMULATORS: bool.default(true),
  /** Same seed, same simulated stream. */
  SIM_SEED: z.coerce.number().int().default(20261124),
  /** Multiplier on the simulators' realistic rates (e.g. 5 for a busy demo). */
  SIM_RATE: z.coerce.number().positive().max(1000).default(1),
  /** Delta batches are flushed at most this often. */
  LIVE_FLUSH_MS: z.coerce.number().int().min(10).max(5000).default(200),
  /** Intake request body limit, bytes. */
  INTAKE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50_000_000)
    .default(256 * 1024),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${JSON.stringify(known[String(i.path[0])])}: ${i.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
