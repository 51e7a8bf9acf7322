import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { CLIENT_TYPES_FILE, clientTypesSource } from '../scripts/generate-client-types.ts';

describe('agent-connect-client types', () => {
  it('are generated from the current OpenAPI document (run `npm run generate:client` when this fails)', async () => {
    const committed = fs.readFileSync(CLIENT_TYPES_FILE, 'utf8');
    const fresh = await clientTypesSource();
    if (committed === fresh) return;
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    assert.fail(`packages/client/src/generated/openapi.ts differs from the server's document from line ${line + 1}:\n- ${a[line]}\n+ ${b[line]}\nRun \`npm run generate:client\`.`);
  });
});
