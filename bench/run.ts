import { BENCHMARKS } from './benchmarks';
import { formatFigure } from './figure';

/**
 * `npm run bench [-- name…]`: runs the registered benchmarks (or those named) and prints one figure per line
 * on stdout as `name: value unit`. Everything else goes to stderr, so the output can be diffed and parsed.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  }
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  for (const bench of selected) {
    const log = (message: string) => process.stderr.write(`[${bench.name}] ${message}\n`);
    const started = performance.now();
    const figures = await bench.run(log);
    for (const f of figures) process.stdout.write(`${formatFigure(f)}\n`);
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

// Exit when done: a benchmark that leaves a handle open (a Redis client, a pooled connection) must not keep
// `npm run bench` waiting after its figures are printed.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
