import dns from 'node:dns';
import net from 'node:net';

/** What a tenant is told when its webhook target is refused: never how a name resolved. */
export const ADDRESS_NOT_ALLOWED = 'address not allowed';

/**
 * Where a tenant's webhooks may not go unless the operator allows it
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS): this host, its private networks, link-local addresses
 * (cloud metadata services live at 169.254.169.254), addresses that are not unicast, and the
 * IPv6 ranges that embed or tunnel to an IPv4 address (IPv4-compatible ::/96, SIIT, NAT64,
 * 6to4, Teredo), which could carry any of those. Without this, any company could make the
 * server POST to services only it can reach. The list compares binary addresses, so every
 * textual form of an address is judged alike; an IPv4-mapped address (::ffff:0:0/96, in
 * any spelling) is judged as the IPv4 address it maps.
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
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  privateAddresses.addSubnet(network, prefix, 'ipv6');
}

/** True for an IP address webhooks may not reach by default. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
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
    return `${ADDRESS_NOT_ALLOWED} (${host} is loopback, private, link-local or reserved)`;
  }
  return null;
}

/**
 * A `lookup` for outgoing connections that refuses names resolving to a private address, so the
 * address checked is the one connected to (a name cannot pass the check and then resolve elsewhere).
 * The refusal says only ADDRESS_NOT_ALLOWED: the tenant reads it, and must not learn internal addresses.
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    if (addresses.some((entry) => isPrivateAddress(entry.address))) {
      return callback(Object.assign(new Error(ADDRESS_NOT_ALLOWED), { code: 'EPRIVATEADDRESS' }), '');
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};
