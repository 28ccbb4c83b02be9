import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { recordSend } from './send-log';

/** A GET handler of a simulated vendor API: query string in, status and JSON body out. */
export type VendorRoute = (query: URLSearchParams) => { status: number; body: unknown };

/**
 * The HTTP server of a simulated vendor system (its own port on 127.0.0.1, separate from ours), so its
 * connector polls over a real socket exactly as it would poll the real system. node:http keeps it small: a
 * vendor API is a handful of GET routes. A restart re-binds the previous port when it is still free.
 */
export class VendorHttpServer {
  private server: Server | null = null;
  private lastPort = 0;

  constructor(
    private readonly name: string,
    private readonly routes: Readonly<Record<string, VendorRoute>>,
    private readonly log: Logger,
  ) {}

  /** Listens and returns the base URL. */
  async start(port = this.lastPort): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    const listen = (p: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    try {
      await listen(port);
    } catch (err) {
      if (port === 0) throw err;
      this.log.warn(
        { err: (err as Error).message, port },
        `${this.name}: previous port taken; using a new one`,
      );
      await listen(0);
    }
    this.server = server;
    this.lastPort = (server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.lastPort}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets of the connector would hold close() open.
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://vendor');
    const route = req.method === 'GET' ? this.routes[url.pathname] : undefined;
    let status: number;
    let body: unknown;
    if (!route) {
      status = req.method === 'GET' ? 404 : 405;
      body = { code: status, msg: `no ${req.method} ${url.pathname}` };
    } else {
      try {
        ({ status, body } = route(url.searchParams));
      } catch (err) {
        this.log.error({ err }, `${this.name}: handler failed`);
        status = 500;
        body = { code: 500, msg: 'internal error' };
      }
    }
    const text = JSON.stringify(body);
    if (status === 200) recordSend({ kind: 'served', source: this.name, path: req.url ?? '', body: text });
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}
