import type { Sharp, SharpOptions } from 'sharp';
import { InvalidInputError } from '../../lib/errors.ts';
import type { MediaPurpose } from './media.types.ts';
import { svgExternalReference } from './svg-references.ts';

/** Largest upload accepted (bytes). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Largest image accepted: 8000 x 8000 pixels. */
export const MAX_INPUT_PIXELS = 8000 * 8000;
/** Content types an upload may be sent as; the bytes decide what it really is. */
export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;

const ACCEPTED = 'a PNG, JPEG, WebP or SVG image of at most 5 MB and 8000x8000 pixels';
const FORMATS = new Set(['png', 'jpeg', 'webp', 'svg']);
/** How each purpose is resized: logos fit inside (never enlarged), photos fill a square. */
const BOXES: Record<MediaPurpose, { width: number; height: number; fit: 'inside' | 'cover' }> = {
  logo: { width: 480, height: 160, fit: 'inside' },
  photo: { width: 256, height: 256, fit: 'cover' },
};

/** sharp (libvips) is loaded on the first upload, not by every process and command that never sees one. */
let loaded: Promise<typeof import('sharp')> | null = null;
async function sharpOf(input: Buffer, options: SharpOptions): Promise<Sharp> {
  const sharp = (await (loaded ??= import('sharp'))).default;
  return sharp(input, options);
}

export interface ProcessedImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Checks an upload and turns it into the PNG served for its purpose (metadata stripped); throws InvalidInputError saying what is accepted. */
export async function processImage(purpose: MediaPurpose, body: Buffer, contentType: string): Promise<ProcessedImage> {
  const declared = contentType.split(';')[0].trim().toLowerCase();
  if (!(ACCEPTED_TYPES as readonly string[]).includes(declared)) {
    throw new InvalidInputError(`content-type ${declared || '(none)'} is not accepted: send ${ACCEPTED} (${ACCEPTED_TYPES.join(', ')})`);
  }
  if (body.length === 0) throw new InvalidInputError(`the image is empty: send ${ACCEPTED}`);
  if (body.length > MAX_UPLOAD_BYTES) throw new InvalidInputError(`the image is ${(body.length / 1024 / 1024).toFixed(1)} MB: send ${ACCEPTED}`);
  if (looksLikeXml(body)) {
    const problem = svgExternalReference(body.toString('utf8'));
    if (problem) throw new InvalidInputError(`this SVG cannot be used because ${problem}: an SVG must be self-contained (no external images, fonts, styles or links); or send a PNG, JPEG or WebP`);
  }
  // The header alone is read here (no pixel limit yet), so that an image too large is named as such.
  const metadata = await (await sharpOf(body, { limitInputPixels: false })).metadata().catch(() => null);
  if (!metadata?.format || !FORMATS.has(metadata.format) || !metadata.width || !metadata.height) {
    throw new InvalidInputError(`the file is not a readable image: send ${ACCEPTED}`);
  }
  if ((metadata.pages ?? 1) > 1) throw new InvalidInputError(`animated images are not accepted: send ${ACCEPTED}`);
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw new InvalidInputError(`the image is ${metadata.width}x${metadata.height} pixels: send ${ACCEPTED}`);
  }
  const box = BOXES[purpose];
  // An SVG is drawn at a density that fills the box, so a small drawing is not a blurred enlargement.
  const density = metadata.format === 'svg' ? Math.min(1200, Math.max(72, Math.ceil(72 * Math.max(box.width / metadata.width, box.height / metadata.height)))) : undefined;
  try {
    const { data, info } = await (await sharpOf(body, { limitInputPixels: MAX_INPUT_PIXELS, ...(density ? { density } : {}) }))
      .rotate()
      .resize(box.width, box.height, box.fit === 'inside' ? { fit: 'inside', withoutEnlargement: true } : { fit: 'cover', position: 'attention' })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch {
    throw new InvalidInputError(`the image could not be read (damaged or truncated): send ${ACCEPTED}`);
  }
}

/** Whether the bytes start like an XML document (an SVG), after an optional byte order mark and white space. */
function looksLikeXml(body: Buffer): boolean {
  const start = body.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<');
}
