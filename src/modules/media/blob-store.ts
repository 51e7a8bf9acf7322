import type { Readable } from 'node:stream';
import type { MediaStoreConfig } from '../../config.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

/** Where the bytes of uploaded images live; the `media` table says what they are. */
export interface BlobStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The blob as a stream, or null when there is none of this key. */
  open(key: string): Promise<Readable | null>;
  /** Deletes the blob; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

/** The store MEDIA_S3_* (or DATA_DIR/media) configures. */
export function createBlobStore(config: MediaStoreConfig): BlobStore {
  return config.kind === 's3' ? new S3BlobStore(config) : new FileBlobStore(config.dir);
}
