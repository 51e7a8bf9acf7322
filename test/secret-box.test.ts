import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { loadSecretBox, SecretBox } from '../src/lib/secret-box.ts';

describe('secret box', () => {
  it('seals with a fresh IV each time and opens what it sealed', () => {
    const box = new SecretBox(randomBytes(32));
    const first = box.seal('zendesk-token-123');
    const second = box.seal('zendesk-token-123');
    assert.notEqual(first, second);
    assert.ok(!first.includes('zendesk-token-123'));
    assert.equal(box.open(first), 'zendesk-token-123');
    assert.ok(box.isCurrent(first));
  });

  it('refuses an altered value', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    assert.throws(() => box.open(parts.join(':')));
  });

  it('opens values of a previous key during a rotation, and not after', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedOld = new SecretBox(oldKey).seal('api-token');
    const rotating = new SecretBox(newKey, [oldKey]);
    assert.equal(rotating.open(sealedOld), 'api-token');
    assert.equal(rotating.isCurrent(sealedOld), false);
    assert.ok(rotating.isCurrent(rotating.seal('api-token')));
    assert.throws(() => new SecretBox(newKey).open(sealedOld), /INTEGRATION_SECRETS_KEY_PREVIOUS/);
  });

  it('generates a key file in DATA_DIR once, readable only by its owner, and reuses it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-box-'));
    const settings = { secretsKey: null, previousSecretsKeys: [] };
    const sealed = loadSecretBox(settings, dataDir).seal('x');
    const file = path.join(dataDir, 'integration-secrets.key');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(loadSecretBox(settings, dataDir).open(sealed), 'x');
  });

  it('reads INTEGRATION_SECRETS_KEY as base64 or hex and names a bad one', () => {
    const key = randomBytes(32);
    assert.deepEqual(loadConfig({ INTEGRATION_SECRETS_KEY: key.toString('base64') }).integrations.secretsKey, key);
    assert.deepEqual(loadConfig({ INTEGRATION_SECRETS_KEY: key.toString('hex') }).integrations.secretsKey, key);
    assert.throws(() => loadConfig({ INTEGRATION_SECRETS_KEY: 'short' }), /INTEGRATION_SECRETS_KEY.*32 bytes/);
    assert.throws(() => loadConfig({ INTEGRATION_SECRETS_KEY_PREVIOUS: `${key.toString('base64')},nope` }), /INTEGRATION_SECRETS_KEY_PREVIOUS/);
    assert.equal(loadConfig({}).integrations.lookupTimeoutMs, 10_000);
  });
});
