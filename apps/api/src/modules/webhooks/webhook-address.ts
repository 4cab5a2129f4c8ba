import { lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Where a webhook may point: the public internet. A center's admin registers the URL and the
// server POSTs to it, so an address of this machine or of the private network behind it would
// let a tenant probe what it cannot reach (server-side request forgery). Checked when the URL is
// registered (a literal address, localhost) and again for every address its name resolves to
// when it is sent (a public name may resolve to a private address).

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const notPublic = new BlockList();
for (const [net, bits] of [
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
  notPublic.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(net, bits, 'ipv6');
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) as the IPv4 address it is. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

export function isLoopbackAddress(address: string): boolean {
  const a = unmapped(address);
  const family = isIP(a);
  return family !== 0 && loopback.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const a = unmapped(address);
  const family = isIP(a);
  return family !== 0 && !notPublic.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

export const isLocalName = (host: string): boolean =>
  host === 'localhost' ||
  host.endsWith('.localhost') ||
  host.endsWith('.local') ||
  host.endsWith('.internal');

/**
 * Whether a webhook may be sent to `url`, from its text alone: https to a public host, or (tests
 * only) http to a loopback address. Returns the refusal's code, or null.
 */
export function urlProblem(
  url: URL,
  allowLoopbackHttp: boolean,
): 'webhook.url_not_https' | 'webhook.url_not_public' | null {
  const host = hostOf(url);
  const loopbackAllowed = allowLoopbackHttp && (isLoopbackAddress(host) || host === 'localhost');
  if (url.protocol === 'http:') return loopbackAllowed ? null : 'webhook.url_not_https';
  if (url.protocol !== 'https:') return 'webhook.url_not_https';
  if (loopbackAllowed) return null;
  if (isIP(host) !== 0 ? !isPublicAddress(host) : isLocalName(host)) return 'webhook.url_not_public';
  return null;
}

/** A DNS lookup that refuses names resolving to an address that is not public (the connection fails). */
export function publicLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const bad = list.find(
        (a) => !isPublicAddress(a.address) && !(allowLoopback && isLoopbackAddress(a.address)),
      );
      if (bad) {
        const refused = Object.assign(
          new Error(`${hostname} resolves to ${bad.address}, not a public address`),
          {
            code: 'ENOTPUBLIC',
          },
        );
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}
