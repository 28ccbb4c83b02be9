import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the node to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * One server node as production runs it: its own process (`node --import tsx mock-server/main.ts`), its own port
 * and data directory, the cluster's shared configuration. Its log goes to `<dir>/<name>.log`.
 */
export class ClusterNode {
  private proc: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly dir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get logFile(): string {
    return join(this.dir, `${this.name}.log`);
  }

  /** Starts the process and resolves once it answers HTTP (or rejects with its log's tail if it dies first). */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const out = openSync(this.logFile, 'a');
    const proc = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts'], {
      env: { ...process.env, ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    let dead = false;
    void this.exited.then(() => (dead = true));
    while (Date.now() < deadline) {
      if (dead) throw new Error(`node ${this.name} exited during start; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.url}/api/server`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`node ${this.name} did not answer within 90 s; see ${this.logFile}`);
  }

  /** The node dies at once: no shutdown step runs, nothing is flushed or released (a crash, an OOM kill). */
  async kill9(): Promise<void> {
    this.proc?.kill('SIGKILL');
    await this.exited;
    this.proc = null;
  }

  /** A clean shutdown (SIGTERM): sources stop, the pipeline flushes, the leader lease is released. */
  async stop(): Promise<number | null> {
    if (!this.proc) return null;
    this.proc.kill('SIGTERM');
    const code = await this.exited;
    this.proc = null;
    return code;
  }
}
