import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

interface SlowClient {
  socket: net.Socket;
  closed: boolean;
  /** What the server sent before closing (a 408 after the headers timeout). */
  received: string;
}

const contexts: TestContext[] = [];
after(async () => {
  for (const ctx of contexts) await ctx.close();
});

async function listening(env: Record<string, string>): Promise<{ ctx: TestContext; port: number }> {
  const ctx = await createTestContext(env);
  contexts.push(ctx);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return { ctx, port: (ctx.app.server.address() as AddressInfo).port };
}

/** A connection from `localAddress` that starts a request and then sends one header line every 200 ms, never finishing. */
function dripHeaders(port: number, localAddress: string): Promise<SlowClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const client: SlowClient = { socket, closed: false, received: '' };
    let line = 0;
    const timer = setInterval(() => socket.writable && socket.write(`X-Drip-${line++}: 1\r\n`), 200);
    socket.on('data', (chunk) => (client.received += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      client.closed = true;
      clearInterval(timer);
    });
    socket.once('connect', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      resolve(client);
    });
    socket.once('error', reject);
  });
}

async function openMany(port: number, localAddress: string, count: number): Promise<SlowClient[]> {
  const clients: SlowClient[] = [];
  for (let i = 0; i < count; i++) clients.push(await dripHeaders(port, localAddress));
  return clients;
}

/** A plain GET /healthz on a fresh connection from `localAddress`: its status, or the error's code. */
function healthz(port: number, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', localAddress, agent: false, timeout: 20_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const closedCount = (clients: SlowClient[]) => clients.filter((client) => client.closed).length;

describe('slow clients (slowloris)', () => {
  it('closes connections over the per-address cap at once, still serves others, and cuts dripping headers at the timeout', async () => {
    const { port } = await listening({ HTTP_MAX_CONNECTIONS_PER_ADDRESS: '20', HTTP_HEADERS_TIMEOUT_MS: '3000' });
    const clients = await openMany(port, '127.0.0.1', 30);
    await until(() => closedCount(clients) >= 10, 'the 10 connections over the cap are closed');
    assert.equal(closedCount(clients.slice(0, 20)), 0, 'the first 20 are still open');
    assert.equal(await healthz(port, '127.0.0.2'), 200, 'another address is served meanwhile');
    assert.notEqual(await healthz(port, '127.0.0.1'), 200, 'the capped address gets no 21st connection');

    await until(() => closedCount(clients) === 30, 'the dripping connections are cut at the headers timeout');
    assert.ok(clients.slice(0, 20).every((client) => client.received.startsWith('HTTP/1.1 408')), 'answered 408 Request Timeout');
    assert.equal(await healthz(port, '127.0.0.1'), 200, 'the address is served again once its connections are gone');
  });

  it('closes a connection that sends nothing at all after the headers timeout', async () => {
    const { port } = await listening({ HTTP_HEADERS_TIMEOUT_MS: '1000' });
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    // Reading (and discarding), so the server's FIN is seen: a paused socket may never emit 'end' or 'close'.
    socket.resume();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => (timer = setTimeout(() => resolve('still open'), 20_000)))]);
    clearTimeout(timer);
    socket.destroy();
    assert.equal(outcome, 'closed');
  });

  it('caps connections overall (HTTP_MAX_CONNECTIONS)', async () => {
    const { port } = await listening({ HTTP_MAX_CONNECTIONS: '15', HTTP_MAX_CONNECTIONS_PER_ADDRESS: '10', HTTP_HEADERS_TIMEOUT_MS: '60000', HTTP_REQUEST_TIMEOUT_MS: '60000' });
    const first = await openMany(port, '127.0.0.1', 10);
    const second = await openMany(port, '127.0.0.3', 10);
    await until(() => closedCount(second) >= 5, 'the connections over the overall cap are closed');
    assert.equal(closedCount(first), 0);
    assert.notEqual(await healthz(port, '127.0.0.2'), 200, 'no room left for another address');
    for (const client of first) client.socket.destroy();
    await until(() => closedCount(first) === 10, 'the first clients are gone');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await healthz(port, '127.0.0.2'), 200, 'served once connections are free');
    for (const client of second) client.socket.destroy();
  });

  it('does not apply the per-address cap to a proxy trusted by TRUST_PROXY', async () => {
    const { port } = await listening({ HTTP_MAX_CONNECTIONS_PER_ADDRESS: '5', TRUST_PROXY: '127.0.0.1', HTTP_HEADERS_TIMEOUT_MS: '60000', HTTP_REQUEST_TIMEOUT_MS: '60000' });
    const proxied = await openMany(port, '127.0.0.1', 12);
    const direct = await openMany(port, '127.0.0.4', 8);
    await until(() => closedCount(direct) >= 3, 'an untrusted address is capped');
    assert.equal(closedCount(proxied), 0, 'the trusted proxy keeps all its connections');
    for (const client of [...proxied, ...direct]) client.socket.destroy();
  });
});
