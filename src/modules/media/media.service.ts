import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.ts';
import { processImage } from './media-image.ts';
import type { MediaRepository, MediaRow } from './media.repository.ts';
import type { MediaPurpose, MediaService, StoredMedia } from './media.types.ts';

/** The shape of every key this service makes: 32 hex characters and .png. */
export const MEDIA_KEY = /^[0-9a-f]{32}\.png$/;

export interface OpenedMedia {
  row: MediaRow;
  body: Readable;
}

/** Uploaded images: checked and resized (media-image.ts), stored as PNG in the blob store, described by a `media` row. */
export class StoredMediaService implements MediaService {
  constructor(
    private readonly repository: MediaRepository,
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  async store(companyId: number, purpose: MediaPurpose, body: Buffer, contentType: string): Promise<StoredMedia> {
    const image = await processImage(purpose, body, contentType);
    const key = `${randomBytes(16).toString('hex')}.png`;
    await this.blobs.put(key, image.png, 'image/png');
    const row: MediaRow = {
      key,
      company_id: companyId,
      purpose,
      content_type: 'image/png',
      width: image.width,
      height: image.height,
      bytes: image.png.length,
      sha256: createHash('sha256').update(image.png).digest('hex'),
      created_at: this.now(),
    };
    try {
      await this.repository.insert(row);
    } catch (error) {
      await this.blobs.delete(key).catch(() => {});
      throw error;
    }
    return { key, contentType: row.content_type, width: row.width, height: row.height, bytes: row.bytes };
  }

  async remove(companyId: number, key: string): Promise<void> {
    if (await this.repository.delete(companyId, key)) await this.blobs.delete(key);
  }

  /** An image to serve (GET /media/:key), or null when the key is unknown or its blob is gone. */
  async open(key: string): Promise<OpenedMedia | null> {
    if (!MEDIA_KEY.test(key)) return null;
    const row = await this.repository.findByKey(key);
    if (!row) return null;
    const body = await this.blobs.open(key);
    return body && { row, body };
  }

  /** The row of an image, without opening its blob (HEAD, conditional GET). */
  describe(key: string): Promise<MediaRow | undefined> {
    return MEDIA_KEY.test(key) ? this.repository.findByKey(key) : Promise.resolve(undefined);
  }
}

export function createMediaService(repository: MediaRepository, blobs: BlobStore): StoredMediaService {
  return new StoredMediaService(repository, blobs);
}
