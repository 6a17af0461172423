import type { Server } from 'node:http'
import { createServer, STATUS_CODES } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { MockBackend } from '../backend.js'
import { createMockBackend } from '../backend.js'
import type { MockBackendOptions } from '../protocol/options.js'
import { createHostCheck, refuseHost } from './host-check.js'
import { createNodeListener } from './node-listener.js'

export interface StartMockServerOptions extends MockBackendOptions {
  /** 0 picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Serve an existing backend instead of creating one from the other options. */
  backend?: MockBackend
  /**
   * Host names answered besides loopback names and IP addresses (DNS-rebinding protection);
   * `'.example.test'` allows the domain and its subdomains, `true` allows any host. Others get 403.
   * @default []
   */
  allowedHosts?: readonly string[] | true
}

export interface RunningMockServer {
  /** Base URL, e.g. `http://127.0.0.1:53817`. */
  url: string
  backend: MockBackend
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>
}

/**
 * Starts the mock backend on a real HTTP server.
 *
 * @example
 * const server = await startMockServer({ port: 0, accessTtlMs: 5_000 })
 * await fetch(`${server.url}/api/employees`) // 401
 * await server.close()
 */
export async function startMockServer(
  options: StartMockServerOptions = {},
): Promise<RunningMockServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    backend: given,
    allowedHosts = [],
    ...backendOptions
  } = options
  const hostAllowed = createHostCheck(checkAllowedHosts(allowedHosts))
  const backend = given ?? createMockBackend(backendOptions)
  const listener = createNodeListener(backend)
  const server = createServer((request, response) =>
    hostAllowed(request.headers.host) ? listener(request, response) : refuseHost(request, response),
  )
  server.on('clientError', answerClientError)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${visitableHost(address)}:${address.port}`,
    backend,
    close: () => closeServer(server),
  }
}

function checkAllowedHosts(value: unknown): readonly string[] | true {
  const valid =
    value === true ||
    (Array.isArray(value) && value.every((name) => typeof name === 'string' && name !== ''))
  if (!valid) {
    throw new TypeError(
      'startMockServer: option "allowedHosts" must be an array of host names or true',
    )
  }
  return value as readonly string[] | true
}

/** "Any interface" is no address to visit; loopback is, and browsers treat it as secure. */
function visitableHost({ address, family }: AddressInfo): string {
  if (address === '0.0.0.0') return '127.0.0.1'
  if (address === '::') return '[::1]'
  return family === 'IPv6' ? `[${address}]` : address
}

/**
 * Requests Node's parser refuses (oversized headers, garbage) never reach the backend; answer
 * them with an envelope too, instead of Node's bare default.
 */
function answerClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (!socket.writable) return
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const reason = STATUS_CODES[status] ?? 'Bad Request'
  // An answer to HEAD carries no body, even this one.
  const isHead = error.rawPacket?.toString('latin1', 0, 5) === 'HEAD '
  const body = isHead ? '' : JSON.stringify({ code: status, message: reason, data: null })
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

export type { MockBackend } from '../backend.js'
export type { MockBackendOptions } from '../protocol/options.js'
