import { loadConfig } from '../config.ts';
import type { Services } from '../services.ts';

/**
 * Runs `action` against an up-to-date database, then closes it. The runtime (database drivers,
 * services) is imported here, on first use, so that `--help` and argument errors stay fast.
 */
export async function withServices<T>(action: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openRuntime } = await import('../runtime.ts');
  const { db, services } = await openRuntime(config);
  try {
    return await action(services);
  } finally {
    await services.close();
    await db.close();
  }
}

/** Repeatable option collector: `--brand a --brand b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Prints `data` as one JSON line with --json, else the human-readable text. */
export function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

/** Rows of cells as text, each column padded to its widest cell (the last column is not padded). */
export function alignRows(rows: string[][]): string {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
