import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FeedPaging } from './query-schema.ts';

/** Rows fetched per database round trip while paging or streaming. */
export const FEED_CHUNK_SIZE = 500;

/** Records per piece of streamed text: small enough for V8's young generation. */
const PIECE_RECORDS = 32;

/** Text buffered ahead of the socket while streaming: lets reading overlap sending, bounded. */
const STREAM_BUFFER_BYTES = 256 * 1024;

/** Reads the rows after `after`, ascending by sequence_id, at most `limit` of them. */
export type FeedFetch<R> = (after: number, limit: number) => Promise<R[]>;

/**
 * Walks a feed in ascending sequence_id: each chunk is one keyset query
 * (`sequence_id > last ORDER BY sequence_id LIMIT n`) served by the feed index, so
 * memory stays constant, no connection or snapshot is held between chunks, and a
 * consumer that stops iterating stops the reads. Ends at `limit` rows or the feed's end.
 */
export async function* feedChunks<R extends { sequence_id: number }>(
  fetch: FeedFetch<R>,
  paging: Pick<FeedPaging, 'after' | 'limit'>,
  chunkSize = FEED_CHUNK_SIZE,
): AsyncGenerator<R[]> {
  let after = paging.after;
  let remaining = paging.limit;
  while (remaining > 0) {
    const want = Math.min(chunkSize, remaining);
    const rows = await fetch(after, want);
    if (rows.length === 0) return;
    yield rows;
    remaining -= rows.length;
    after = rows[rows.length - 1].sequence_id;
    if (rows.length < want) return;
  }
}

/** Maps each chunk of rows to a chunk of records (batch look-ups per chunk, never per row). */
export async function* mapChunks<R, T>(chunks: AsyncIterable<R[]>, build: (rows: R[]) => Promise<T>): AsyncGenerator<T> {
  for await (const rows of chunks) yield await build(rows);
}

/** A chunk of records already serialised to JSON (one text per record), written as is. */
export class SerializedChunk {
  constructor(readonly items: string[]) {}
}

/** What a feed yields: records to serialise with JSON.stringify, or records serialised already. */
export type FeedChunk = unknown[] | SerializedChunk;

/** `{"<envelope>": [` ... `]}` around the array, or the bare array when no envelope is given. */
function brackets(envelope?: string): [string, string] {
  return envelope ? [`{${JSON.stringify(envelope)}:[`, ']}'] : ['[', ']'];
}

/** The JSON text of one array (optionally in an envelope), as UTF-8, one piece per chunk as the consumer reads. */
async function* jsonArrayText(chunks: AsyncIterable<FeedChunk>, envelope?: string): AsyncGenerator<Buffer> {
  const [open, close] = brackets(envelope);
  let separator = '';
  yield Buffer.from(open);
  for await (const chunk of chunks) {
    const items = chunk instanceof SerializedChunk ? chunk.items : chunk.map((record) => JSON.stringify(record));
    for (let i = 0; i < items.length; i += PIECE_RECORDS) {
      yield Buffer.from(separator + items.slice(i, i + PIECE_RECORDS).join(','));
      separator = ',';
    }
  }
  yield Buffer.from(close);
}

/**
 * Sends a feed: with `stream`, a chunked response written as chunks are read, with
 * backpressure (the next chunk is read only when the socket drained the last) and a
 * client disconnect ending the reads; otherwise one JSON text, serialised here so the
 * route's response schema documents the shape without filtering it.
 */
export async function sendFeed(reply: FastifyReply, chunks: AsyncIterable<FeedChunk>, options: { stream: boolean; envelope?: string }) {
  reply.type('application/json; charset=utf-8');
  const text = jsonArrayText(chunks, options.envelope);
  if (options.stream) return reply.send(Readable.from(text, { objectMode: false, highWaterMark: STREAM_BUFFER_BYTES }));
  const parts: Buffer[] = [];
  for await (const part of text) parts.push(part);
  return reply.send(Buffer.concat(parts));
}
