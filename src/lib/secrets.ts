import { hash, randomBytes } from 'node:crypto';

/** A new API key: a readable prefix plus 192 random bits. */
export function generateApiKey(kind: 'production' | 'test'): string {
  return `${kind === 'production' ? 'ac_live_' : 'ac_test_'}${randomBytes(24).toString('base64url')}`;
}

/** A new HS256 signing secret (256 random bits). */
export function generateApiSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** An unguessable token (at least 128 bits) for links such as survey pages. */
export function generateToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  // One-shot hash: no Hash object per call (it runs on every API request).
  return hash('sha256', value, 'hex');
}
