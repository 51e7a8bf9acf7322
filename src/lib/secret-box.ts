import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

/**
 * Seals secrets kept in the database (helpdesk API tokens, signing secrets, alert webhook URLs)
 * with AES-256-GCM. A sealed value reads `v1:<key id>:<iv>:<tag>:<ciphertext>`, the key id being
 * the first 8 hex digits of the key's SHA-256, so a value sealed under an earlier key still opens
 * while that key is listed as previous (rotation: add the new key, list the old one as previous,
 * run `agent-connect connection rekey`, then drop the old one).
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(
    private readonly current: Buffer,
    previous: Buffer[] = [],
  ) {
    this.currentId = keyId(current);
    this.keys = new Map([current, ...previous].map((key) => [keyId(key), key]));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** The plain text; throws when the value was sealed under a key this box does not hold, or was altered. */
  open(sealed: string): string {
    const [version, id, iv, tag, body] = sealed.split(':');
    const key = this.keys.get(id ?? '');
    if (version !== VERSION || !key || body === undefined) throw new Error(`a secret sealed under key ${id ?? '?'} cannot be opened: set INTEGRATION_SECRETS_KEY_PREVIOUS to the key it was sealed with`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** True when the value is sealed under the current key (rekey leaves it alone). */
  isCurrent(sealed: string): boolean {
    return sealed.split(':')[1] === this.currentId;
  }
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * The box of this installation: INTEGRATION_SECRETS_KEY (and its previous keys), or else a key
 * kept in DATA_DIR/integration-secrets.key, generated (mode 0600) on first use.
 */
export function loadSecretBox(settings: { secretsKey: Buffer | null; previousSecretsKeys: Buffer[] }, dataDir: string): SecretBox {
  if (settings.secretsKey) return new SecretBox(settings.secretsKey, settings.previousSecretsKeys);
  const file = path.join(dataDir, 'integration-secrets.key');
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const fresh = randomBytes(32);
    try {
      fs.writeFileSync(file, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      key = fresh;
    } catch {
      // Another process wrote it first: use theirs.
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return new SecretBox(key, settings.previousSecretsKeys);
}
