import net from 'node:net';
import type { Server } from 'node:http';
import type { Config } from '../config.ts';

/**
 * Node's server options for the timeouts of `config.connections`: a client that has not sent its
 * headers (or, over TLS, finished its handshake) in time is answered 408 and cut off. Node checks
 * pending headers every `connectionsCheckingInterval`, so that is kept well under the timeout.
 */
export function serverTimeouts(config: Config) {
  const { headersTimeoutMs, requestTimeoutMs } = config.connections;
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
    handshakeTimeout: headersTimeoutMs,
  };
}

/** Fastify's own options for the same limits. */
export function fastifyConnectionOptions(config: Config) {
  const { requestTimeoutMs, keepAliveTimeoutMs, idleTimeoutMs } = config.connections;
  return { requestTimeout: requestTimeoutMs, keepAliveTimeout: keepAliveTimeoutMs, connectionTimeout: idleTimeoutMs, http: serverTimeouts(config) };
}

function trustedProxies(trustProxy: Config['trustProxy']): (address: string) => boolean {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  const list = new net.BlockList();
  for (const entry of trustProxy) {
    const [address, prefix] = entry.split('/');
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => list.check(address, net.isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Node's headers timeout starts with the first byte; a connection that sends none is closed after the same time. */
function closeIfSilent(socket: net.Socket, timeoutMs: number): void {
  const timer = setTimeout(() => socket.bytesRead === 0 && socket.destroy(), timeoutMs).unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * Caps the open connections of the server in all (`server.maxConnections`) and per peer address:
 * a connection over a cap is closed as soon as it is accepted, before anything is read from it.
 * The per-address cap is on the TCP peer, so proxies trusted by TRUST_PROXY are exempt.
 */
export function limitConnections(server: Server, config: Config): void {
  const { maxConnections, maxConnectionsPerAddress, headersTimeoutMs } = config.connections;
  server.maxConnections = maxConnections;
  const exempt = trustedProxies(config.trustProxy);
  const open = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    closeIfSilent(socket, headersTimeoutMs);
    if (maxConnectionsPerAddress === 0) return;
    const address = socket.remoteAddress;
    if (address === undefined || exempt(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
