import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { body } from './errors';

/**
 * Serves the built SPA: hashed assets with long caching, and index.html (never cached, so a new build
 * reaches the wall on its self-reload) for every client-side route such as /wall.
 */
export async function registerSpa(app: FastifyInstance, staticDir: string): Promise<boolean> {
  const root = resolve(staticDir);
  const hasBuild = staticDir !== '' && existsSync(join(root, 'index.html'));
  if (hasBuild) {
    // The built files are public (the sign-in page is one of them): each file route @fastify/static adds
    // (it marks them with config.file) declares so, as every route must (auth/access.ts).
    app.addHook('onRoute', (route) => {
      if (typeof (route.config as { file?: unknown } | undefined)?.file === 'string')
        route.config = { ...route.config, access: { public: true } };
    });
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/socket.io/');
    if (hasBuild && req.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(req.url.split('?')[0] ?? '')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send(body('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
  return hasBuild;
}
