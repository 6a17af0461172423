import type { Context } from 'hono'
import { isRecord } from '../protocol/validate.js'
import { clientError } from './envelope.js'

/**
 * Reads a JSON object body. Requires a JSON content type: a cross-site form cannot send one
 * without a CORS preflight, which closes the "simple request" CSRF door.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('Content-Type') ?? ''
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw clientError(415, 'Content-Type must be application/json')
  }
  let text: string
  try {
    text = await c.req.text()
  } catch {
    throw clientError(400, 'The request body could not be read')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw clientError(400, 'The request body is not valid JSON')
  }
  if (!isRecord(value)) throw clientError(400, 'The request body must be a JSON object')
  return value
}

/** Reads a required non-empty string field of a body. */
export function stringField(body: Record<string, unknown>, name: string, maxLength = 200): string {
  const value = body[name]
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw clientError(
      400,
      `Field "${name}" must be a non-empty string of at most ${maxLength} characters`,
    )
  }
  return value
}
