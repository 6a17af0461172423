import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { MockBackend } from './backend'
import { envelopeResponse } from './envelope'
import { DROP_CONNECTION_HEADER } from './middleware/drop'

/** A Node `(req, res)` listener for the backend, shared by the server and the Vite plugin. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>

/**
 * Converts Node requests to Fetch `Request`s and back (via @hono/node-server) and hands the
 * socket address to the backend as the client IP.
 */
export function createNodeListener(backend: MockBackend): NodeListener {
  return getRequestListener(
    async (request, env) => {
      const response = await backend.fetch(toStandardRequest(request), {
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
function toStandardRequest(request: Request): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : null,
    signal: request.signal,
  }
  if (hasBody) init.duplex = 'half' // required by Node's fetch for a streamed body
  return new Request(request.url, init)
}
