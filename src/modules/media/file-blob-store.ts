import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.ts';

/** Blobs as files of one directory (DATA_DIR/media); a file appears whole or not at all (written under a temporary name, then renamed). */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async put(key: string, body: Buffer): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    const temporary = path.join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fsp.writeFile(temporary, body, { flag: 'wx' });
      await fsp.rename(temporary, this.pathOf(key));
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
  }

  async open(key: string): Promise<Readable | null> {
    try {
      const handle = await fsp.open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    // Keys are made here (hex + .png) and checked by the route; a separator would still never escape the directory.
    return path.join(this.dir, path.basename(key));
  }
}

