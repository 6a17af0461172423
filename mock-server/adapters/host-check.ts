import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'

/**
 * Which `Host` headers the standalone server answers. A DNS-rebinding page reaches a server on
 * the developer's machine under the attacker's own domain name (pointed at 127.0.0.1), so the
 * server answers loopback names (`localhost`, `*.localhost`), IP addresses (rebinding cannot
 * forge those) and the names it was given; `true` answers every host. A leading dot allows
 * a domain and its subdomains (`.example.test`), as Vite's `server.allowedHosts` does.
 */
export function createHostCheck(allowed: readonly string[] | true): (host?: string) => boolean {
  if (allowed === true) return () => true
  const names = allowed.map((name) => name.toLowerCase())
  return (host = '') => {
    const name = hostName(host.toLowerCase())
    if (name === '') return false
    if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true
    return names.some((allowedName) =>
      allowedName.startsWith('.')
        ? name === allowedName.slice(1) || name.endsWith(allowedName)
        : name === allowedName,
    )
  }
}

/** `example.test:3000` → `example.test`, `[::1]:3000` → `::1`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'))
  const colon = host.indexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

/** The 403 for a host the server does not answer, in the backend's envelope. */
export function refuseHost(request: IncomingMessage, response: ServerResponse): void {
  const host = (request.headers.host ?? '').slice(0, 100)
  const message =
    `Host "${host}" is not allowed: this server answers localhost, IP addresses and the ` +
    'names given with --allowed-host (startMockServer({ allowedHosts }))'
  const body = JSON.stringify({ code: 403, message, data: null })
  response.writeHead(403, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  })
  response.end(body)
}
