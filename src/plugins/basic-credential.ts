import { ForbiddenError } from '../lib/errors.ts';

/** The username of `Authorization: Basic base64(connect:<API key>)`, as CRM "HTTP target" integrations send it. */
export const BASIC_USERNAME = 'connect';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The API key carried by an `Authorization: Basic` header, undefined when the header is absent
 * or uses another scheme. A Basic credential that is not base64 of `connect:<API key>` is refused.
 */
export function basicApiKey(authorization: string | undefined): string | undefined {
  const match = /^Basic(?:\s+(.*))?$/is.exec(authorization ?? '');
  if (!match) return undefined;
  const encoded = match[1]?.trim() ?? '';
  let decoded: string;
  try {
    if (!encoded || !BASE64.test(encoded)) throw new Error('not base64');
    decoded = utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    throw new ForbiddenError(`Forbidden: the Basic credential must be base64 of ${BASIC_USERNAME}:<API key>`);
  }
  const colon = decoded.indexOf(':');
  if (colon === -1 || decoded.slice(0, colon) !== BASIC_USERNAME) {
    throw new ForbiddenError(`Forbidden: the Basic username must be "${BASIC_USERNAME}" (and the password the API key)`);
  }
  const apiKey = decoded.slice(colon + 1).trim();
  if (!apiKey) throw new ForbiddenError('Forbidden: the Basic password must be the API key');
  return apiKey;
}
