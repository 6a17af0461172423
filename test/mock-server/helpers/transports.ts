import { request as httpRequest } from 'node:http'
import axios from 'axios'
import { setupServer } from 'msw/node'
import { createHandlers } from '../../../mock-server/adapters/msw-handlers'
import type { StartMockServerOptions } from '../../../mock-server/adapters/node-server'
import { startMockServer } from '../../../mock-server/adapters/node-server'
import type { MockBackend, MockBackendOptions } from '../../../mock-server/public'
import { createMockBackend } from '../../../mock-server/public'

export interface OutgoingRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** Source address of the socket (real server only), to change the client IP. */
  localAddress?: string
}

export interface RawResponse {
  status: number
  headers: Headers
  setCookies: string[]
  text: string
}

/** One way of reaching the backend; the rule tests run against each. */
export interface Transport {
  name: string
  baseUrl: string
  backend: MockBackend
  send(request: OutgoingRequest): Promise<RawResponse>
  close(): Promise<void>
}

export type TransportFactory = (options?: MockBackendOptions) => Promise<Transport>

/** The real Node server on port 0, spoken to with node:http. */
export const nodeTransport = async (options: StartMockServerOptions = {}): Promise<Transport> => {
  const server = await startMockServer({ port: 0, ...options })
  return {
    name: 'node server',
    baseUrl: server.url,
    backend: server.backend,
    send: (request) => sendHttp(server.url, request),
    close: () => server.close(),
  }
}

export function sendHttp(
  baseUrl: string,
  { method, path, headers = {}, body, localAddress }: OutgoingRequest,
) {
  return new Promise<RawResponse>((resolve, reject) => {
    // The path goes out verbatim (no URL resolution: '//x' must not become a host name).
    const { hostname, port } = new URL(baseUrl)
    const req = httpRequest(
      {
        method,
        host: hostname,
        port,
        path,
        headers,
        localAddress,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (name !== 'set-cookie' && value !== undefined)
              responseHeaders.set(name, String(value))
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: responseHeaders,
            setCookies: res.headers['set-cookie'] ?? [],
            text: Buffer.concat(chunks).toString('utf8'),
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** node:http against a server someone else runs (the Vite dev server, the CLI). */
export function urlTransport(baseUrl: string, backend: MockBackend): Transport {
  return {
    name: 'url',
    baseUrl,
    backend,
    send: (request) => sendHttp(baseUrl, request),
    close: async () => {},
  }
}

/** msw's setupServer with our handlers, spoken to with a real axios instance. */
export const mswTransport: TransportFactory = async (options = {}) => {
  const backend = createMockBackend(options)
  const server = setupServer(...createHandlers(backend))
  server.listen({ onUnhandledRequest: 'error' })
  // A loopback origin: browsers (and our jar) keep Secure cookies only from secure contexts.
  const baseUrl = 'http://localhost'
  const client = axios.create({
    baseURL: baseUrl,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
  })
  return {
    name: 'msw + axios',
    baseUrl,
    backend,
    async send({ method, path, headers, body }) {
      const res = await client.request({ method, url: path, headers, data: body })
      const responseHeaders = new Headers()
      for (const [name, value] of Object.entries(res.headers)) {
        if (name !== 'set-cookie' && value != null) responseHeaders.set(name, String(value))
      }
      const setCookie = res.headers['set-cookie']
      return {
        status: res.status,
        headers: responseHeaders,
        setCookies: Array.isArray(setCookie) ? setCookie : [],
        text: typeof res.data === 'string' ? res.data : '',
      }
    },
    close: async () => server.close(),
  }
}

export const transports: ReadonlyArray<[string, TransportFactory]> = [
  ['node server', nodeTransport],
  ['msw + axios', mswTransport],
]
