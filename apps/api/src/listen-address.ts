import type { AddressInfo } from 'node:net';

/**
 * Where the server really listens, for the start log: "http://localhost:3000 (all interfaces, port 3000)" for an
 * unspecified address, else its own URL. Nest's getUrl() printed [::1] for a server listening on every interface.
 */
export function describeListenAddress(address: AddressInfo | string | null): string {
  if (address === null) return 'an unknown address';
  if (typeof address === 'string') return address; // a Unix socket or pipe
  if (address.address === '::' || address.address === '0.0.0.0') {
    return `http://localhost:${address.port} (all interfaces, port ${address.port})`;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
