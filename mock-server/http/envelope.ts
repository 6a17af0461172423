import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Every JSON answer: `code` mirrors the HTTP status, `data` is `null` on errors. */
export interface Envelope<T = unknown> {
  code: number
  message: string
  data: T
}

// Typed as plain Responses: hono's inferred typed-response types are too large to emit as .d.ts.
export function reply<T>(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  data: T,
): Response {
  return c.json({ code: status, message, data } satisfies Envelope<T>, status)
}

export const ok = <T>(c: Context, data: T, message = 'OK'): Response => reply(c, 200, message, data)

export const fail = (c: Context, status: ContentfulStatusCode, message: string): Response =>
  reply(c, status, message, null)

/** For the places that answer before a hono context exists (the Node adapter's request errors). */
export function envelopeResponse(status: number, message: string): Response {
  return Response.json({ code: status, message, data: null } satisfies Envelope<null>, { status })
}

/**
 * A client mistake found deep in a handler (bad body, bad field): hono's own exception, which
 * the app's `onError` turns into its 4xx envelope.
 */
export const clientError = (status: 400 | 404 | 409 | 415, message: string) =>
  new HTTPException(status, { message })
