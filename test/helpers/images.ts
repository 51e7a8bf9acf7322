import sharp from 'sharp';

/** A solid-colour image of this size, encoded as `format` (test uploads). */
export function solidImage(format: 'png' | 'jpeg' | 'webp', width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })[format]().toBuffer();
}

/** An SVG drawing of this size with the extra markup inside it. */
export function svgImage(width: number, height: number, inner = ''): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<rect width="${width}" height="${height}" fill="#1d4ed8"/>${inner}</svg>`,
  );
}

/** Format, size and whether any metadata survived, read back with sharp. */
export async function readImage(body: Buffer | Uint8Array) {
  const metadata = await sharp(body).metadata();
  return { format: metadata.format, width: metadata.width, height: metadata.height, exif: Boolean(metadata.exif), icc: Boolean(metadata.icc) };
}

/** PNG signature. */
export const isPng = (body: Buffer | Uint8Array) => Buffer.from(body.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
