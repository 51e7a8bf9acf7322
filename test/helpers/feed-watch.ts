import { Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

type Shape = (payload: Readable, request: FastifyRequest) => Transform;

/** A stream that passes `limit` bytes, then does `then` with the next chunk and its callback. */
function after(limit: number, then: (request: FastifyRequest, chunk: Buffer, done: (error?: Error | null, data?: Buffer) => void) => void, request: FastifyRequest): Transform {
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (passed >= limit) return then(request, chunk, done);
      passed += chunk.length;
      done(null, chunk);
    },
  });
}

/**
 * Watches one GET route of an app (pass `onRoute` to createTestContext): records the URL of every
 * request it receives, before authentication and the rate limit, lets a test act when the next one
 * arrives, and cut or hold the next streamed answer part way, as a lost connection or a stalled server would.
 */
export class FeedWatch {
  readonly urls: string[] = [];
  private shapeNext: Shape | null = null;
  private beforeNext: (() => Promise<unknown>) | null = null;

  constructor(private readonly path: string) {}

  readonly onRoute = (route: RouteOptions): void => {
    if (route.url !== this.path || route.method !== 'GET') return;
    const record = async (request: FastifyRequest) => {
      this.urls.push(request.url);
      const before = this.beforeNext;
      this.beforeNext = null;
      await before?.();
    };
    const shape = async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      const next = this.shapeNext;
      if (!next || typeof (payload as Readable)?.pipe !== 'function') return payload;
      this.shapeNext = null;
      return (payload as Readable).pipe(next(payload as Readable, request));
    };
    route.onRequest = [record, ...[route.onRequest ?? []].flat()] as RouteOptions['onRequest'];
    route.onSend = [...[route.onSend ?? []].flat(), shape] as RouteOptions['onSend'];
  };

  /** Runs `action` when the next request arrives, before it is authenticated or counted by the rate limit. */
  beforeNextRequest(action: () => Promise<unknown>): void {
    this.beforeNext = action;
  }

  /** The next streamed answer closes its connection once `bytes` bytes have been sent. */
  cutNextAfter(bytes: number): void {
    this.shapeNext = (_payload, request) => after(bytes, (req, _chunk, done) => (req.raw.socket.destroy(), done()), request);
  }

  /** The next streamed answer stops once `bytes` bytes have been sent, until `release` is called. */
  holdNextAfter(bytes: number): { release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.shapeNext = (_payload, request) => after(bytes, (_req, chunk, done) => void released.then(() => done(null, chunk)), request);
    return { release };
  }
}
