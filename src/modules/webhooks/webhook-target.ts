import dns from 'node:dns';
import net from 'node:net';

/**
 * Where a tenant's webhooks may not go unless the operator allows it
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS): this host, its private networks, link-local addresses
 * (cloud metadata services live at 169.254.169.254) and addresses that are not unicast.
 * Without this, any company could make the server POST to services only it can reach.
 */
const privateAddresses = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  privateAddresses.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  privateAddresses.addSubnet(network, prefix, 'ipv6');
}

/** True for an IP address webhooks may not reach by default (IPv4-mapped IPv6 addresses are judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateAddresses.check(mapped[1], 'ipv4');
  return privateAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host without IPv6 brackets or the root's trailing dot (`localhost.` is localhost). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * Why a webhook URL is refused before any lookup (a literal private address or a localhost
 * name), or null. Names are checked again when connecting, against what they resolve to.
 */
export function privateTargetProblem(url: URL): string | null {
  const host = hostOf(url).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host)) {
    return `${host} is a loopback, private or link-local address`;
  }
  return null;
}

/**
 * A `lookup` for outgoing connections that refuses names resolving to a private address, so the
 * address checked is the one connected to (a name cannot pass the check and then resolve elsewhere).
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) {
      const problem = new Error(`refused: ${hostname} resolves to ${refused.address}, a loopback, private or link-local address`);
      return callback(Object.assign(problem, { code: 'EPRIVATEADDRESS' }), '');
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};
