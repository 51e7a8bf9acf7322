import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { MAX_DISCARDED_BODY_BYTES } from '../src/plugins/unread-body.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const FIVE_MB = 5 * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 'a');
let ctx: TestContext;
let company: CompanyCredentials;
let port: number;

before(async () => {
  ctx = await createTestContext();
  company = await createCompany(ctx.services);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  port = (ctx.app.server.address() as AddressInfo).port;
});
after(() => ctx.close());

interface RawAnswer {
  /** The status line and headers, then the body; empty when the connection failed first. */
  head: string;
  body: string;
  /** The socket error (EPIPE, ECONNRESET), if any, and how many body bytes were written by then. */
  error?: string;
  written: number;
}

/**
 * A client that writes its whole request before reading a byte of the answer (a socket that is
 * paused until the last write is done), in Content-Length or chunked framing.
 */
function writeAllThenRead(path: string, apiKey: string, size: number, framing: 'length' | 'chunked'): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    let received = '';
    let written = 0;
    const answer = (error?: string) => {
      const [head, body = ''] = received.split('\r\n\r\n');
      resolve({ head, body: framing === 'chunked' || /transfer-encoding: chunked/i.test(head) ? body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/gi, '') : body, error, written });
    };
    socket.on('error', (error: NodeJS.ErrnoException) => answer(error.code ?? error.message));
    socket.on('data', (chunk) => (received += chunk));
    socket.on('end', () => answer());
    socket.on('connect', () => {
      const framingHeader = framing === 'length' ? `content-length: ${size}` : 'transfer-encoding: chunked';
      socket.write(`POST ${path} HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${apiKey}\r\ncontent-type: application/json\r\n${framingHeader}\r\nconnection: close\r\n\r\n`);
      const writeMore = () => {
        while (written < size) {
          const piece = PIECE.subarray(0, Math.min(PIECE.length, size - written));
          const data = framing === 'length' ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
          written += piece.length;
          if (!socket.write(data)) return void socket.once('drain', writeMore);
        }
        socket.write(framing === 'chunked' ? '0\r\n\r\n' : '', () => socket.resume());
      };
      writeMore();
    });
  });
}

function statusOf(answer: RawAnswer): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer.head)?.[1] ?? 0);
}

/** node:http, as a script would use it: write 5 MB, end, then wait for the response. */
function nodeHttpPost(path: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: false, headers: { 'x-api-key': company.api_key, 'content-type': 'application/json', 'content-length': size } });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.end(Buffer.alloc(size, 'a'));
  });
}

describe('a body over the limit gets a 413 every client can read', () => {
  it('a client that writes the whole 5 MB before reading gets the 413 JSON, five times in a row, either framing', async () => {
    for (const framing of ['length', 'chunked'] as const) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const answer = await writeAllThenRead('/v1/requests', company.api_key, FIVE_MB, framing);
        assert.equal(answer.error, undefined, `${framing} #${attempt}: ${answer.error} after writing ${answer.written} bytes`);
        assert.equal(statusOf(answer), 413, `${framing} #${attempt}: ${answer.head}`);
        assert.equal(answer.written, FIVE_MB);
        assert.deepEqual(JSON.parse(answer.body).validation_errors, ['body is larger than the 1 MB limit']);
      }
    }
  });

  it('the same on /v1/recoveries and /v1/requests/batch', async () => {
    for (const path of ['/v1/recoveries', '/v1/requests/batch']) {
      const answer = await writeAllThenRead(path, company.api_key, FIVE_MB, 'length');
      assert.equal(answer.error, undefined, `${path}: ${answer.error}`);
      assert.equal(statusOf(answer), 413, `${path}: ${answer.head}`);
    }
  });

  it('a refusal of the key, sent before the body is read, is readable too', async () => {
    const answer = await writeAllThenRead('/v1/requests', `${company.api_key}x`, FIVE_MB, 'length');
    assert.equal(answer.error, undefined, String(answer.error));
    assert.equal(statusOf(answer), 403, answer.head);
    assert.match(JSON.parse(answer.body).message, /x-api-key is not valid/);
  });

  it('node:http and fetch clients get the 413, several times in a row', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const viaHttp = await nodeHttpPost('/v1/requests', FIVE_MB);
      assert.equal(viaHttp.status, 413, `node:http #${attempt}: ${viaHttp.body}`);
      const viaFetch = await fetch(`http://127.0.0.1:${port}/v1/requests`, {
        method: 'POST',
        headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' },
        body: Buffer.alloc(FIVE_MB, 'a'),
      });
      assert.equal(viaFetch.status, 413, `fetch #${attempt}`);
      assert.deepEqual((await viaFetch.json()).validation_errors, ['body is larger than the 1 MB limit']);
    }
  });

  it(`reads and discards at most ${MAX_DISCARDED_BODY_BYTES / 1024 / 1024} MB: a larger body is cut off, and the server stays healthy`, async () => {
    const total = 4 * MAX_DISCARDED_BODY_BYTES;
    const declared = await writeAllThenRead('/v1/requests', company.api_key, total, 'length');
    assert.ok(declared.error, 'a declared 64 MB body is refused at once and the connection closed');
    assert.ok(declared.written < MAX_DISCARDED_BODY_BYTES, `${declared.written} bytes written before the connection closed`);
    const chunked = await writeAllThenRead('/v1/requests', company.api_key, total, 'chunked');
    assert.ok(chunked.error, 'an endless chunked body is cut off');
    assert.ok(chunked.written >= MAX_DISCARDED_BODY_BYTES && chunked.written < total, `${chunked.written} bytes written before the connection closed`);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  });
});
