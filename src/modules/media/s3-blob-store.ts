import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { MediaStoreConfig } from '../../config.ts';
import type { BlobStore } from './blob-store.ts';

type S3Config = Extract<MediaStoreConfig, { kind: 's3' }>;

/** Blobs as objects of an S3-compatible bucket (AWS, MinIO, R2...), addressed path-style: `${endpoint}/${bucket}/${prefix}${key}`. */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;

  constructor(private readonly config: S3Config) {
    this.client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region, service: 's3' });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const response = await this.client.fetch(this.urlOf(key), {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: { 'content-type': contentType, 'content-length': String(body.length) },
    });
    if (!response.ok) throw new Error(`the media bucket refused PUT ${key}: ${response.status} ${await briefly(response)}`);
    await response.body?.cancel();
  }

  async open(key: string): Promise<Readable | null> {
    const response = await this.client.fetch(this.urlOf(key), { method: 'GET' });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) throw new Error(`the media bucket refused GET ${key}: ${response.status} ${await briefly(response)}`);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    const response = await this.client.fetch(this.urlOf(key), { method: 'DELETE' });
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) throw new Error(`the media bucket refused DELETE ${key}: ${response.status}`);
  }

  private urlOf(key: string): string {
    const objectKey = `${this.config.prefix}${key}`.split('/').map(encodeURIComponent).join('/');
    return `${this.config.endpoint}/${encodeURIComponent(this.config.bucket)}/${objectKey}`;
  }
}

/** The start of an error answer (S3 explains itself in XML), for the log. */
async function briefly(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.slice(0, 300);
}
