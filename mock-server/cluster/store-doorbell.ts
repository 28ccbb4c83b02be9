import type { Logger } from 'pino';
import pg from 'pg';

export interface StoreDoorbell {
  close(): Promise<void>;
}

/** The safety net under LISTEN: how often every topic's number is read anyway (lost notifications, reconnects). */
const CHECK_MS = 2_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * Tells this node that a topic's sequence moved in the shared PostgreSQL store, whichever node committed it: the
 * `sequences_notify` trigger (migration 0100) NOTIFYs `city_brain_sequences` with "schema topic value" at each
 * commit, and this LISTENs on a connection of its own (outside the pool, which would hand it to queries). A
 * notification is only a doorbell — the change stream then reads the store by sequence number — so a lost one
 * (reconnect, overflow) costs latency, never data: `check` reads every topic's number every CHECK_MS and after
 * each reconnect.
 */
export async function listenForCommits(opts: {
  url: string;
  /** The store's schema (DATABASE_SCHEMA); notifications from other schemas in the database are ignored. */
  schema: string | undefined;
  ring: (topic: string, seq: number) => void;
  /** Reads every topic's current number and rings it. */
  check: () => Promise<void>;
  log: Logger;
}): Promise<StoreDoorbell> {
  const { log } = opts;
  let client: pg.Client | null = null;
  let closed = false;
  let schema = opts.schema ?? '';
  let delay = RECONNECT_MIN_MS;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const check = () =>
    opts
      .check()
      .catch((err: unknown) => log.warn({ err }, 'sequence check failed; retrying on the next one'));

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: opts.url,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    c.on('notification', (n) => {
      if (n.channel !== 'city_brain_sequences' || !n.payload) return;
      const [s, topic, value] = n.payload.split(' ');
      if (s !== schema || !topic || value === undefined) return;
      opts.ring(topic, Number(value));
    });
    c.on('error', (err) => {
      log.warn({ err: err.message }, 'store doorbell connection failed; reconnecting');
      lost(c);
    });
    c.on('end', () => lost(c));
    await c.connect();
    if (!opts.schema) {
      const r = await c.query<{ s: string }>('select current_schema() as s');
      schema = r.rows[0]?.s ?? 'public';
    }
    await c.query('LISTEN city_brain_sequences');
    client = c;
    delay = RECONNECT_MIN_MS;
  };

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (!closed) scheduleReconnect();
  };

  const scheduleReconnect = () => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      connect().then(
        // Commits announced while we were away were not heard: read where every topic stands.
        () => void check(),
        (err: unknown) => {
          log.warn({ err: (err as Error).message, retryInMs: delay }, 'store doorbell reconnect failed');
          delay = Math.min(RECONNECT_MAX_MS, delay * 2);
          if (!closed) scheduleReconnect();
        },
      );
    }, delay);
    reconnectTimer.unref();
  };

  await connect();
  const timer = setInterval(() => void check(), CHECK_MS);
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(reconnectTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
