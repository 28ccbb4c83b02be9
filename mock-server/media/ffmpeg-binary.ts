import { createRequire } from 'node:module';

/**
 * The ffmpeg binary: FFMPEG_PATH when set (e.g. Debian's /usr/bin/ffmpeg), else the static build that the npm
 * package @ffmpeg-installer/ffmpeg ships inside its platform package (no download at install or run time).
 * Resolved when the first stream starts, so a platform without a build fails video only, with a clear log line.
 */
export function resolveFfmpeg(configured: string | undefined): string {
  if (configured) return configured;
  const require = createRequire(import.meta.url);
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (err) {
    // The package throws plain strings ("Unsupported platform/architecture: …").
    throw new Error(`@ffmpeg-installer/ffmpeg: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}
