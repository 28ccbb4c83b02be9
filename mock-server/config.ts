import { hostname } from 'node:os';
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
  /** PostgreSQL store (production), e.g. postgres://user@host:5432/db. Unset: the embedded SQLite store in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** PostgreSQL schema to use (created if missing); tests isolate themselves with one each. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  /** Connections in the PostgreSQL pool of this node (writers, snapshot reads, REST); LISTEN uses one more. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  /**
   * Redis for running several server nodes (production), e.g. redis://host:6379. Set: Socket.IO uses the Redis
   * Streams adapter (broadcasts, session drops and connection-state recovery across nodes). Unset: one node.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of this deployment's Redis keys and streams (several deployments or test runs may share a Redis). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/)
    .default('city-brain'),
  /**
   * This node's name in a cluster (leader lease holder, feed-health row, MQTT session). Unset: hostname:pid. Set it
   * stable per node (e.g. a StatefulSet pod name) so a restarted node resumes its MQTT session.
   */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/)
    .optional(),
  /**
   * With several nodes (PostgreSQL store): pollers, simulators and sweeps run on the node holding the leader lease.
   * A dead leader's lease expires after this long and another node takes over. `off`: every node runs them.
   */
  LEADER_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** How often the leader renews its lease (and followers try to take it); well below LEADER_LEASE_MS. */
  LEADER_RENEW_MS: z.coerce.number().int().min(200).max(200_000).default(5_000),
  /** `auto`: a leader lease when the store is PostgreSQL (several nodes may share it); `off`: this node always leads. */
  LEADER_ELECTION: z.enum(['auto', 'off']).default('auto'),
  /**
   * Test and demo aid: a file to which the simulators append every record their receiver acknowledged (webhook 2xx,
   * MQTT PUBACK, vendor API page served), so a test can prove each one was stored. Unset: nothing is written.
   */
  SIM_SEND_LOG: z.string().min(1).optional(),
  /**
   * Behind a reverse proxy / load balancer: which proxies to believe for X-Forwarded-For/-Proto (the client address
   * for login throttling and audit, https for COOKIE_SECURE=auto): `true` (any), or addresses/CIDRs separated by
   * commas (e.g. `10.0.0.0/8`). Unset: none (the embedded default, no proxy).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'true, or a list of addresses/CIDRs')
    .transform((v): true | string => (v === 'true' ? true : v))
    .optional(),
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
  /**
   * Share of simulated records with vendor defects (0–1), for every simulator. Unset: each simulator's own realistic
   * share (1–3 %). Tests raise it to prove nothing bad is dropped silently.
   */
  SIM_DEFECT_RATE: z.coerce.number().min(0).max(1).optional(),
  /** Where city packs live (a folder of `<CITY_PACK>/pack.json` …). Unset: the packs shipped in mock-server/city-packs. */
  CITY_PACKS_DIR: z.string().min(1).optional(),
  /**
   * External MQTT broker for the IoT sensors (物联感知), e.g. mqtt://broker:1883; the simulator and the connector
   * both use it. Unset: an embedded broker (aedes) runs in-process on 127.0.0.1:MQTT_PORT.
   */
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^\s/]+(:\d+)?\/?$/, 'must be an mqtt:// or mqtts:// URL')
    .optional(),
  /** Port of the embedded broker; 0 picks a free one (logged at start). */
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** First level of the sensor topics `<root>/<type>/<deviceId>/telemetry` (separates tenants on a shared broker). */
  MQTT_TOPIC_ROOT: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('city'),
  /** The video platform's REST API (camera catalogue). Unset: the simulated platform when SIMULATORS is on. */
  VIDEO_PLATFORM_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  /** How often the camera catalogue is reloaded, ms (status pushes carry the changes in between). */
  VIDEO_CATALOGUE_REFRESH_MS: z.coerce.number().int().min(50).max(86_400_000).default(300_000),
  // --- Live video (media gateway, mock-server/media): simulated camera streams, HTTP-FLV. ---
  /** Camera streams (ffmpeg encoders) running at once, at most; a viewer past the cap gets VIDEO_CAPACITY. */
  VIDEO_MAX_STREAMS: z.coerce.number().int().min(1).max(256).default(8),
  /** A stream is stopped this long after its last viewer left (a viewer back in time finds it running), ms. */
  VIDEO_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** A stream that has produced no picture this long after starting has failed (VIDEO_START_FAILED), ms. */
  VIDEO_START_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Frame size of the simulated streams, WIDTHxHEIGHT (even numbers: H.264 4:2:0). */
  VIDEO_SIZE: z
    .string()
    .regex(/^\d{2,4}x\d{2,4}$/, 'WIDTHxHEIGHT, e.g. 640x360')
    .refine((v) => v.split('x').every((n) => Number(n) % 2 === 0 && Number(n) >= 64), 'even, at least 64')
    .default('640x360'),
  /** Frame rate of the simulated streams. */
  VIDEO_FPS: z.coerce.number().int().min(1).max(30).default(15),
  /** Bitrate cap of the simulated streams, kbit/s. */
  VIDEO_BITRATE_KBPS: z.coerce.number().int().min(50).max(20_000).default(800),
  /** The ffmpeg binary. Unset: the static build inside the npm package @ffmpeg-installer/ffmpeg. */
  FFMPEG_PATH: z.string().min(1).optional(),
  /** The 数字城管 system's case API (polled with updatedSince). Unset: the simulated system when SIMULATORS is on. */
  CITY_MANAGEMENT_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  /** The grid-management (网格化) patrol API. Unset: the simulated system when SIMULATORS is on. */
  GRID_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  /** How often polling connectors (数字城管, 网格化) ask their source for changes, ms. */
  CONNECTOR_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(10_000),
  /** How often the duty console's SLA escalation sweep reads the store for overdue events, ms. */
  ESCALATION_SWEEP_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
  /** Delta batches are flushed at most this often. */
  LIVE_FLUSH_MS: z.coerce.number().int().min(10).max(5000).default(200),
  /** A clean shutdown that takes longer than this exits non-zero, naming the step that hung. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Intake request body limit, bytes. */
  INTAKE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50_000_000)
    .default(256 * 1024),
  // --- Security (accounts, sessions, secrets); see README "Accounts and security". ---
  /** HMAC key for session and device tokens and CSRF tokens. Unset: generated once into DATA_DIR/secrets.json. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** HMAC key signing video stream URLs. Unset: generated once into DATA_DIR/secrets.json. */
  VIDEO_URL_KEY: z.string().min(32).optional(),
  /** Per-source intake API keys, `hotline=KEY,video=KEY`. Unset sources get a key derived from a persisted secret. */
  INTAKE_KEYS: z
    .string()
    .regex(
      /^([a-z-]+=[A-Za-z0-9._~-]{16,})(,[a-z-]+=[A-Za-z0-9._~-]{16,})*$/,
      'source=key pairs, keys ≥ 16 chars',
    )
    .optional(),
  /** A person's session ends after this much inactivity… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** …and at the latest this long after sign-in (one shift). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(12),
  /** A wall display's session lasts this long (no idle expiry: it is unattended); it re-signs in with its token. */
  WALL_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Failed logins per account before it is locked for LOGIN_LOCK_MINUTES… */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** …and per source address (across accounts). */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(20),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Lifetime of a signed video stream URL. */
  VIDEO_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /** `auto`: cookies are Secure when the request came over https. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Password of the demo accounts seeded into an empty store (first start only). */
  SEED_PASSWORD: z.string().min(10).max(200).default('CityBrain-demo-2026'),
  /** Token of the demo wall display seeded into an empty store (first start only). */
  SEED_WALL_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{16,200}$/)
    .default('demo-wall-token-ops-centre-01'),
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
  const c = parsed.data;
  if (c.REDIS_URL !== undefined && c.DATABASE_URL === undefined) {
    // Nodes share state through the store: several nodes on separate SQLite files would each see a different city.
    throw new ConfigError(
      `Invalid configuration:\n  REDIS_URL=${JSON.stringify(c.REDIS_URL)}: several nodes need a shared store; set DATABASE_URL too`,
    );
  }
  if (c.LEADER_RENEW_MS * 2 > c.LEADER_LEASE_MS) {
    // A renewal that is late once must not lose the lease: at least two renewals fit in one lease.
    throw new ConfigError(
      `Invalid configuration:\n  LEADER_RENEW_MS=${c.LEADER_RENEW_MS}: must be at most half of LEADER_LEASE_MS=${c.LEADER_LEASE_MS}`,
    );
  }
  return c;
}

/** This node's name in a cluster: NODE_ID, else hostname:pid (unique per process, not stable across restarts). */
export function nodeIdOf(c: Pick<Config, 'NODE_ID'>): string {
  return c.NODE_ID ?? `${hostname()}:${process.pid}`;
}
