const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const knownRegions = new Map<string, boolean>();

/** ISO 3166-1 alpha-2, case-insensitive ("us" yes, "USA" no); ICU knows the assigned codes. */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(value)) return false;
  const code = value.toUpperCase();
  let known = knownRegions.get(code);
  if (known === undefined) {
    const name = regionNames.of(code);
    known = name !== undefined && name !== code && code !== 'ZZ';
    knownRegions.set(code, known);
  }
  return known;
}

/** A BCP 47 language tag of the simple kind clients send: en, en-US, pt-BR, zh-Hant-TW. */
export function isLanguageTag(value: string): boolean {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
}

/** A DNS label usable as a subdomain. */
export function isSubdomain(value: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value);
}

/** Pragmatic email check: one @, no spaces, a dot in the domain. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 320;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
