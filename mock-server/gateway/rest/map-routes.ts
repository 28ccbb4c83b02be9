import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GridCellCollection, RoadCollection } from '../../../src/contract/map-data';
import type { CityPack } from '../../city-packs/load';

/** Static geometry changes only with the city pack: a day of caching, revalidated by ETag after that. */
// private: the map data now needs a session, so shared caches must not keep it.
const CACHE_CONTROL = 'private, max-age=86400, must-revalidate';

interface Body {
  etag: string;
  json: Buffer;
  gzip: Buffer;
}

/**
 * Static map geometry from the city pack, under /api: the road lines the traffic layer colours by
 * RoadSegmentState.id (`/roads`), and the unit-grid cells of the wall's choropleth (`/grid-cells`).
 * Built once on first request, served with an ETag (304 on a match) and gzip when the client accepts it.
 */
export async function mapRoutes(app: FastifyInstance, opts: { pack: CityPack }): Promise<void> {
  const { pack } = opts;
  const once = (make: () => unknown): (() => Body) => {
    let body: Body | undefined;
    return () => {
      if (!body) {
        const json = Buffer.from(JSON.stringify(make()));
        const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
        body = { etag, json, gzip: gzipSync(json) };
      }
      return body;
    };
  };
  const roads = once((): RoadCollection => ({
    type: 'FeatureCollection',
    features: pack.roads.map((r) => {
      const mid = r.coords[Math.floor(r.coords.length / 2)]!;
      return {
        type: 'Feature',
        id: r.id,
        properties: {
          id: r.id,
          name: r.name,
          class: r.class,
          district: pack.locate(mid[0], mid[1]).district,
          lengthM: r.lengthM,
        },
        geometry: { type: 'LineString', coordinates: r.coords },
      };
    }),
  }));
  const cells = once((): GridCellCollection => pack.gridCells);

  // Static geometry of the city for the signed-in screens (auth/policy.ts `map:read`).
  app.get('/roads', { config: { access: { permission: 'map:read' } } }, async (req, reply) =>
    send(req, reply, roads()),
  );
  app.get('/grid-cells', { config: { access: { permission: 'map:read' } } }, async (req, reply) =>
    send(req, reply, cells()),
  );
}

function send(req: FastifyRequest, reply: FastifyReply, body: Body): FastifyReply {
  reply
    .header('cache-control', CACHE_CONTROL)
    .header('etag', body.etag)
    .header('vary', 'accept-encoding')
    .type('application/geo+json; charset=utf-8');
  const match = req.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((t) => t.trim() === body.etag)) {
    return reply.status(304).send();
  }
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(body.gzip);
  }
  return reply.send(body.json);
}
