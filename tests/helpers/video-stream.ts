import { get } from 'node:http';
import { FlvReader, type FlvTag } from '../../mock-server/media/flv';
import { VideoUrl } from '../../src/contract/auth';
import { authHeaders, type Credentials } from './auth';
import { call, errorCode } from './scoped-data';

/** A stream URL signed for `as` (POST /api/video/:id/url), as the SPA asks for one. */
export async function signedUrl(base: string, as: Credentials, cameraId: string): Promise<string> {
  const res = await call(base, 'POST', `/api/video/${cameraId}/url`, as);
  if (res.status !== 200) throw new Error(`signing ${cameraId}: ${res.status} ${res.text}`);
  return VideoUrl.parse(res.body).url;
}

/** One viewer of an HTTP-FLV stream, reading it the way a player does (chunked response, FLV tags). */
export interface Viewer {
  status: number;
  contentType: string | null;
  /** The error body's code when the stream was refused. */
  code: string | undefined;
  /** Tags received so far. */
  tags: FlvTag[];
  /** Resolves with the first keyframe (the viewer can show a picture). */
  firstKeyframe(): Promise<FlvTag>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** Leaves (closes the connection). */
  close(): void;
}

/**
 * Opens a stream with node:http on a connection of its own (no pool), closed by `close()`. Not fetch: undici
 * opens a spare connection when a streaming body is aborted, which then holds the test server's shutdown open
 * until Node's headers timeout.
 */
export function openViewer(base: string, path: string, as: Credentials | null): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}${path}`, { headers: authHeaders(as), agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = res.headers['content-type'] ?? null;
      if (status !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = null; // not JSON: the code stays undefined and the test says so
          }
          resolve({
            status,
            contentType,
            code: errorCode(body),
            tags: [],
            firstKeyframe: () => Promise.reject(new Error(`stream refused: ${status}`)),
            ended: Promise.resolve(),
            close: () => req.destroy(),
          });
        });
        return;
      }
      const tags: FlvTag[] = [];
      const reader = new FlvReader();
      const waiters: ((t: FlvTag) => void)[] = [];
      res.on('data', (chunk: Buffer) => {
        for (const tag of reader.push(chunk).tags) {
          tags.push(tag);
          if (tag.keyframe) waiters.splice(0).forEach((w) => w(tag));
        }
      });
      const ended = new Promise<void>((done) => res.once('close', () => done()));
      resolve({
        status,
        contentType,
        code: undefined,
        tags,
        firstKeyframe: () => {
          const key = tags.find((t) => t.keyframe);
          return key ? Promise.resolve(key) : new Promise((w) => waiters.push(w));
        },
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}
