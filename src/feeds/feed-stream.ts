import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { EventLoopTurns } from '../lib/event-loop-turns.ts';
import type { FeedQuery } from './feed-query.ts';

/** Rows fetched per database round trip while paging or streaming. */
export const FEED_CHUNK_SIZE = 500;

/** Records per piece of JSON text: pieces stay small enough for V8's young generation. */
const PIECE_RECORDS = 32;

/** Text buffered ahead of the socket while streaming: lets reading overlap sending, bounded. */
const STREAM_BUFFER_BYTES = 256 * 1024;

/**
 * The longest a feed keeps the event loop while other work waits: a chunk is read and written
 * without awaiting any I/O on SQLite, so feeds take turns with requests and with each other.
 */
const FEED_TURN_MS = 10;
const turns = new EventLoopTurns(FEED_TURN_MS);

/** Reads the rows after `after`, ascending by sequence_id, at most `limit` of them. */
export type FeedFetch<R> = (after: number, limit: number) => Promise<R[]>;

/**
 * Walks a feed in ascending sequence_id: each chunk is one keyset query
 * (`sequence_id > last ORDER BY sequence_id LIMIT n`) served by the feed index, so
 * memory stays constant, no connection or snapshot is held between chunks, and a
 * consumer that stops iterating stops the reads. Ends at `limit` rows or the feed's end.
 * Between chunks it lets the event loop turn once it has held it for FEED_TURN_MS.
 */
export async function* feedChunks<R extends { sequence_id: number }>(
  fetch: FeedFetch<R>,
  paging: Pick<FeedQuery, 'after' | 'limit'>,
  chunkSize = FEED_CHUNK_SIZE,
): AsyncGenerator<R[]> {
  let after = paging.after;
  let remaining = paging.limit;
  while (remaining > 0) {
    await turns.next();
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

/**
 * A chunk of records already written as JSON: pieces of up to PIECE_RECORDS records, each piece
 * starting with a comma (`,{...},{...}`) so pieces join into an array's body as they are.
 */
export class SerializedChunk {
  constructor(readonly pieces: string[]) {}

  /**
   * Writes `rows` with `write`, which appends a record's JSON text to `out` in parts: a piece's
   * parts are joined once, into one flat string, instead of each record becoming a rope of
   * concatenations that must be flattened again.
   */
  static write<R>(rows: R[], write: (row: R, out: string[]) => void): SerializedChunk {
    const pieces: string[] = [];
    for (let start = 0; start < rows.length; start += PIECE_RECORDS) {
      const out: string[] = [];
      for (const row of rows.slice(start, start + PIECE_RECORDS)) {
        out.push(',');
        write(row, out);
      }
      pieces.push(out.join(''));
    }
    return new SerializedChunk(pieces);
  }
}

/** `{"<envelope>": [` ... `]}` around the array, or the bare array when no envelope is given. */
function brackets(envelope?: string): [string, string] {
  return envelope ? [`{${JSON.stringify(envelope)}:[`, ']}'] : ['[', ']'];
}

/** The JSON text of one array (optionally in an envelope), as UTF-8, a piece at a time as the consumer reads. */
async function* jsonArrayText(chunks: AsyncIterable<SerializedChunk>, envelope?: string): AsyncGenerator<Buffer> {
  const [open, close] = brackets(envelope);
  yield Buffer.from(open);
  let first = true;
  for await (const chunk of chunks) {
    for (const piece of chunk.pieces) {
      const bytes = Buffer.from(piece);
      // Every piece starts with a comma; the array's first does not.
      yield first ? bytes.subarray(1) : bytes;
      first = false;
    }
  }
  yield Buffer.from(close);
}

/**
 * Sends a feed: with `stream`, a chunked response written as chunks are read, with
 * backpressure (the next chunk is read only when the socket drained the last) and a
 * client disconnect ending the reads; otherwise one JSON text, serialised here so the
 * route's response schema documents the shape without filtering it. (HEAD is answered
 * before, by feedRouteOptions.)
 */
export async function sendFeed(reply: FastifyReply, chunks: AsyncIterable<SerializedChunk>, options: { stream: boolean; envelope?: string }) {
  reply.type('application/json; charset=utf-8');
  const text = jsonArrayText(chunks, options.envelope);
  if (options.stream) return reply.send(Readable.from(text, { objectMode: false, highWaterMark: STREAM_BUFFER_BYTES }));
  const parts: Buffer[] = [];
  for await (const part of text) parts.push(part);
  return reply.send(Buffer.concat(parts));
}
