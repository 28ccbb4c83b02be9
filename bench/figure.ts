/** One measured number, printed by `npm run bench` as `name: value unit`. */
export interface Figure {
  /** snake_case, stable across runs: dashboards and regressions key on it. */
  name: string;
  value: number;
  unit: string;
  /** Decimal places to print (default 0). */
  digits?: number;
}

/**
 * One benchmark file under `bench/`: an async function returning its figures. Progress goes to `log`
 * (stderr), never stdout, so stdout stays one parseable figure per line.
 */
export interface Benchmark {
  name: string;
  run(log: (message: string) => void): Promise<Figure[]>;
}

export function formatFigure(f: Figure): string {
  const value = f.value.toFixed(f.digits ?? 0);
  return f.unit ? `${f.name}: ${value} ${f.unit}` : `${f.name}: ${value}`;
}
