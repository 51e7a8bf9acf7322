/**
 * Why an SVG may not be used, or null: it reaches outside itself (an href or url() that is not a
 * fragment or a data: URI, an external entity, an XInclude, a CSS @import). Scripts need no check:
 * the SVG is rasterised to PNG, so nothing of it but pixels is ever served.
 */
export function svgExternalReference(svg: string): string | null {
  if (/<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b/i.test(svg)) return 'it declares an external entity';
  if (/<(\w+:)?include\b/i.test(svg)) return 'it includes another document';
  if (/@import\b/i.test(svg)) return 'its style imports another document';
  for (const match of svg.matchAll(/\b(?:[\w-]+:)?href\s*=\s*(["'])(.*?)\1/gis)) {
    if (!isInternal(match[2])) return `it links to ${describe(match[2])}`;
  }
  for (const match of svg.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gis)) {
    if (!isInternal(match[2])) return `it loads ${describe(match[2])}`;
  }
  return null;
}

function isInternal(reference: string): boolean {
  const value = decodeEntities(reference).trim();
  return value.startsWith('#') || /^data:/i.test(value);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/\s+/g, '');
}

function describe(reference: string): string {
  const value = decodeEntities(reference);
  return `"${value.length > 60 ? `${value.slice(0, 59)}…` : value}"`;
}
