import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import type { Services } from '../services.ts';

/** Runs `action` against an up-to-date database, then closes it. */
export async function withServices<T>(action: (services: Services) => Promise<T>): Promise<T> {
  const { db, services } = await openRuntime(loadConfig());
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
