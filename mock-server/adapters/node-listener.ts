import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { MockBackend } from '../backend.js'
import { envelopeResponse } from '../http/envelope.js'
import { DROP_CONNECTION_HEADER } from '../http/middleware/drop.js'

/** A Node `(req, res)` listener for the backend, shared by the server and the Vite plugin. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>

/**
 * Converts Node requests to Fetch `Request`s and back (via @hono/node-server) and hands the
 * socket address to the backend as the client IP.
 */
export function createNodeListener(backend: MockBackend): NodeListener {
  return getRequestListener(
    async (request, env) => {
      const response = await backend.fetch(toStandardRequest(request, env.incoming), {
        clientIp: env.incoming.socket?.remoteAddress,
      })
      // `dropRefresh`: the client sees the connection close without an answer.
      if (response.headers.has(DROP_CONNECTION_HEADER)) env.incoming.socket?.destroy()
      return response
    },
    {
      // Leave the process's own Request/Response alone: inside Vite they belong to the host.
      overrideGlobalObjects: false,
      // Requests Node could not turn into a `Request` (bad Host, bad target) are still client mistakes.
      errorHandler: () => envelopeResponse(400, 'Malformed request'),
    },
  )
}

/**
 * @hono/node-server hands over a lazy stand-in for `Request`. Only its own `Request` subclass
 * can re-wrap it (`new Request(req, init)`, which hono's body limit does), and installing that
 * subclass means replacing the process's globals, which we won't do inside a host like Vite.
 * So the backend gets a plain Fetch `Request` instead.
 */
function toStandardRequest(request: Request, incoming: Pick<IncomingMessage, 'headers'>): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && carriesBody(incoming)
  // Without a body there is nothing to stream, and the disconnect signal has no reader to stop:
  // reading `request.body` or `signal` would make @hono/node-server build a second full
  // `Request` (with a stream and an AbortController) that this one would only copy. Refresh and
  // logout are such bodiless POSTs.
  if (!hasBody)
    return new Request(request.url, { method: request.method, headers: request.headers })
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: 'half', // required by Node's fetch for a streamed body
  }
  return new Request(request.url, init)
}

/**
 * Whether an HTTP/1.1 request has a body: only a `Transfer-Encoding` or a non-zero
 * `Content-Length` announces one (RFC 9112 §6.3); Node's parser reads no body otherwise.
 */
function carriesBody(incoming: Pick<IncomingMessage, 'headers'>): boolean {
  const { headers } = incoming
  if (headers['transfer-encoding'] !== undefined) return true
  const length = headers['content-length']
  return length !== undefined && length !== '0'
}
