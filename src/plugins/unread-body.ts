import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** How much of a refused body is read and discarded so the client sees the answer (beyond it, the connection is closed). */
export const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;
/** How long a refused body may take to arrive before the answer goes out anyway. */
const MAX_DISCARD_MS = 30_000;

/**
 * Resolves once the rest of the request body has been read and thrown away, or true as soon as
 * more than `maxBytes` arrive or `maxMs` pass (the connection must then close).
 */
function discardRest(raw: IncomingMessage, maxBytes: number, maxMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let discarded = 0;
    const timer = setTimeout(() => finish(true), maxMs);
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > maxBytes) finish(true);
    };
    const onEnd = () => finish(false);
    function finish(cutShort: boolean) {
      clearTimeout(timer);
      raw.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onEnd);
      resolve(cutShort);
    }
    raw.on('data', onData).once('end', onEnd).once('close', onEnd).once('error', onEnd);
    raw.resume();
  });
}

/**
 * A refusal sent before the body was read (413 over the body limit, 403 for a bad key, 415...)
 * waits until the client has finished sending, reading and discarding up to
 * MAX_DISCARDED_BODY_BYTES: answering and closing while the client is still writing resets the
 * connection, and a client that writes its whole body before reading never sees the answer.
 */
async function unreadBodyPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', (request, reply, payload, done) => {
    const raw = request.raw;
    // `complete` is false only on a real connection whose body has not all arrived (app.inject has none).
    if (raw.complete !== false || raw.destroyed) return done(null, payload);
    const declared = Number(raw.headers['content-length']);
    if (declared > MAX_DISCARDED_BODY_BYTES) {
      reply.header('connection', 'close');
      return done(null, payload);
    }
    void discardRest(raw, MAX_DISCARDED_BODY_BYTES, MAX_DISCARD_MS).then((cutShort) => {
      if (cutShort) reply.header('connection', 'close');
      done(null, payload);
    });
  });
}

export default fp(unreadBodyPlugin, { name: 'unread-body' });
