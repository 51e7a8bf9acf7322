import type { MediaStoreConfig } from '../../config.ts';
import type { BlobStore } from './blob-store.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

/** The store MEDIA_S3_* (or DATA_DIR/media) configures. */
export function createBlobStore(config: MediaStoreConfig): BlobStore {
  return config.kind === 's3' ? new S3BlobStore(config) : new FileBlobStore(config.dir);
}
