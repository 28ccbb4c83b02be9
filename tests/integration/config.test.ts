import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../mock-server/config';

/** The error `parseConfig` throws for `env`, so a test can read its message. */
function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('applies the embedded defaults when nothing is set', () => {
    expect(parseConfig({})).toEqual({
      HOST: '127.0.0.1',
      PORT: 8080,
      DATA_DIR: 'data',
      STATIC_DIR: 'dist',
      CITY_PACK: 'shanghai',
      LOG_LEVEL: 'info',
      SIMULATORS: true,
      SIM_SEED: 20261124,
      SIM_RATE: 1,
      MQTT_PORT: 0,
      MQTT_TOPIC_ROOT: 'city',
      VIDEO_CATALOGUE_REFRESH_MS: 300_000,
      CONNECTOR_POLL_MS: 10_000,
      ESCALATION_SWEEP_MS: 30_000,
      LIVE_FLUSH_MS: 200,
      INTAKE_BODY_LIMIT: 256 * 1024,
      SHUTDOWN_TIMEOUT_MS: 30_000,
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      WALL_SESSION_DAYS: 30,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 20,
      LOGIN_LOCK_MINUTES: 15,
      VIDEO_URL_TTL_SECONDS: 300,
      VIDEO_MAX_STREAMS: 8,
      VIDEO_IDLE_TIMEOUT_MS: 30_000,
      VIDEO_START_TIMEOUT_MS: 10_000,
      VIDEO_SIZE: '640x360',
      VIDEO_FPS: 15,
      VIDEO_BITRATE_KBPS: 800,
      COOKIE_SECURE: 'auto',
      SEED_PASSWORD: 'CityBrain-demo-2026',
      SEED_WALL_TOKEN: 'demo-wall-token-ops-centre-01',
      DATABASE_POOL_SIZE: 10,
      REDIS_KEY_PREFIX: 'city-brain',
      LEADER_LEASE_MS: 15_000,
      LEADER_RENEW_MS: 5_000,
      LEADER_ELECTION: 'auto',
    });
  });

  it('refuses a video frame size that is not even WIDTHxHEIGHT, naming it', () => {
    for (const VIDEO_SIZE of ['640', '641x360', '640x360x2', '32x32', 'big']) {
      expect(() => parseConfig({ VIDEO_SIZE }), VIDEO_SIZE).toThrow(/VIDEO_SIZE/);
    }
    expect(parseConfig({ VIDEO_SIZE: '1280x720' }).VIDEO_SIZE).toBe('1280x720');
  });

  it('treats an empty variable as unset and ignores variables it does not own', () => {
    const config = parseConfig({ PORT: '', SIM_RATE: '', PATH: '/usr/bin', HOME: '/root' });
    expect(config.PORT).toBe(8080);
    expect(config.SIM_RATE).toBe(1);
    expect(config).not.toHaveProperty('PATH');
  });

  it('coerces numbers and switches from their environment spelling', () => {
    expect(
      parseConfig({ PORT: '0', SIM_RATE: '2.5', SIMULATORS: 'off', INTAKE_BODY_LIMIT: '4096' }),
    ).toMatchObject({
      PORT: 0,
      SIM_RATE: 2.5,
      SIMULATORS: false,
      INTAKE_BODY_LIMIT: 4096,
    });
  });

  it('rejects bad values with one message naming every bad variable and its value', () => {
    const err = configError({
      PORT: 'abc',
      SIM_RATE: '-1',
      LOG_LEVEL: 'verbose',
      SIMULATORS: 'yes',
      HOST: 'ok',
    });
    for (const name of ['PORT="abc"', 'SIM_RATE="-1"', 'LOG_LEVEL="verbose"', 'SIMULATORS="yes"']) {
      expect(err.message).toContain(name);
    }
    expect(err.message).not.toContain('HOST');
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['SIM_RATE', '0'],
    ['LIVE_FLUSH_MS', '5'],
    ['INTAKE_BODY_LIMIT', '10'],
    ['CITY_PACK', '../etc'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['DATABASE_POOL_SIZE', '1'],
    ['NODE_ID', 'node a'],
    ['LEADER_LEASE_MS', '10'],
    ['LEADER_ELECTION', 'maybe'],
    ['TRUST_PROXY', 'any proxy'],
  ])('rejects %s=%s', (name, value) => {
    expect(configError({ [name]: value }).message).toContain(`${name}=`);
  });

  it('refuses REDIS_URL without DATABASE_URL: nodes on separate SQLite files would not share a city', () => {
    expect(configError({ REDIS_URL: 'redis://127.0.0.1:6379' }).message).toContain('REDIS_URL=');
    expect(
      parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u@h/db' }).REDIS_URL,
    ).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a leader renewal interval longer than half the lease (one late renewal would lose it)', () => {
    expect(configError({ LEADER_LEASE_MS: '4000', LEADER_RENEW_MS: '3000' }).message).toContain(
      'LEADER_RENEW_MS=3000',
    );
    expect(parseConfig({ LEADER_LEASE_MS: '4000', LEADER_RENEW_MS: '2000' }).LEADER_RENEW_MS).toBe(2000);
  });
});

describe('the server process', () => {
  it('exits non-zero at start with a message naming PORT when PORT is not a number', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'mock-server/main.ts'],
        // The bad value must stop the process before it opens a store or a port.
        { env: { ...process.env, PORT: 'abc', DATA_DIR: '/nonexistent/never-created' }, timeout: 15_000 },
        (err, _stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr }),
      );
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toMatch(/PORT="abc"/);
  });
});
