// Writes packages/client/src/generated/openapi.ts from the server's own OpenAPI document
// (`npm run generate:client`); test/client-types.test.ts fails when the committed file is stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';

export const CLIENT_TYPES_FILE = fileURLToPath(new URL('../packages/client/src/generated/openapi.ts', import.meta.url));

/** The document GET /openapi.json serves, built in-process on a throwaway SQLite database with the default settings. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-openapi-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(dataDir, 'openapi.db')}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO: 'false' });
  const { db, services } = await openRuntime(config);
  try {
    const app = await buildApp(config, services);
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TypeScript text openapi-typescript makes of the document. */
export async function clientTypesSource(): Promise<string> {
  // A property with a default is optional to send; openapi-typescript would otherwise make it required in request bodies too.
  const ast = await openapiTS((await openApiDocument()) as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false });
  return `${COMMENT_HEADER.trimEnd()}\n// Generated from the server's OpenAPI document by \`npm run generate:client\`.\n\n${astToString(ast)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = await clientTypesSource();
  fs.mkdirSync(path.dirname(CLIENT_TYPES_FILE), { recursive: true });
  fs.writeFileSync(CLIENT_TYPES_FILE, source);
  console.log(`wrote ${path.relative(process.cwd(), CLIENT_TYPES_FILE)} (${source.split('\n').length} lines)`);
}
