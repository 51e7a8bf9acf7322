import { SignJWT } from 'jose';

export interface JwtOptions {
  /** Seconds since the epoch; now unless given, no claim at all when null. */
  iat?: number | null;
  exp?: number;
  alg?: string;
  payload?: Record<string, unknown>;
}

/** An HS256 JWT as API clients make it (signed with the company's API secret, `iat` now unless told otherwise). */
export async function signJwt(secret: string, options: JwtOptions = {}): Promise<string> {
  const jwt = new SignJWT(options.payload ?? {}).setProtectedHeader({ alg: options.alg ?? 'HS256' });
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000));
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  return jwt.sign(new TextEncoder().encode(secret));
}
