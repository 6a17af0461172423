import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'

/** The response header through which the page learns what `Set-Cookie` said. */
export const MIRROR_HEADER = 'X-Demo-Set-Cookie'

/** One `Set-Cookie` as the page sees it: the name and attributes, never the token. */
export interface MirroredCookie {
  name: string
  /** An empty value: the server is deleting the cookie. */
  cleared: boolean
  /** As sent, e.g. `Max-Age=2592000`, `Path=/api/auth`, `HttpOnly`, `SameSite=Strict`. */
  attributes: string[]
}

type Next = (error?: unknown) => void

/**
 * Browsers never let a page read `Set-Cookie` (a forbidden response header), and the refresh
 * cookie is HttpOnly on top of that. So that the demo can show what the server set, the dev
 * server repeats every `Set-Cookie` of an `/api/auth/*` answer in `X-Demo-Set-Cookie`, as JSON:
 * name and attributes only; the token itself stays out of reach of JavaScript.
 */
export function setCookieMirror(): Plugin {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => {
    if (req.url?.startsWith('/api/auth/')) mirrorSetCookie(res)
    next()
  }
  return {
    name: 'silent-refresh-demo:set-cookie-mirror',
    // Registered before the mock backend's plugin, so this runs first and sees its answers.
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  }
}

/** The backend (through @hono/node-server) hands all its headers to `writeHead` at once. */
function mirrorSetCookie(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find(
      (arg): arg is OutgoingHttpHeaders =>
        typeof arg === 'object' && arg !== null && !Array.isArray(arg),
    )
    const cookies = [headers?.['set-cookie'], res.getHeader('set-cookie')]
      .flat()
      .filter((value): value is string => typeof value === 'string')
    if (cookies.length > 0) res.setHeader(MIRROR_HEADER, JSON.stringify(cookies.map(describe)))
    return writeHead(...args)
  }) as typeof res.writeHead
}

function describe(setCookie: string): MirroredCookie {
  const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim())
  const equals = pair.indexOf('=')
  return {
    name: equals === -1 ? pair : pair.slice(0, equals),
    cleared: equals === -1 || pair.slice(equals + 1) === '',
    attributes: attributes.filter(Boolean),
  }
}
