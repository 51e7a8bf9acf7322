import type { Readable } from 'node:stream';

/** Where the bytes of uploaded images live; the `media` table says what they are. */
export interface BlobStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The blob as a stream, or null when there is none of this key. */
  open(key: string): Promise<Readable | null>;
  /** Deletes the blob; no error when it is already gone. */
  delete(key: string): Promise<void>;
}
