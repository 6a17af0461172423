import type { Context } from 'hono'
import type { Deps } from '../protocol/deps.js'
import { fail } from './envelope.js'

/**
 * A 401 with its RFC 6750 §3 challenge: no error code when no credentials came
 * (`Bearer realm="api"`), `error="invalid_token"` when they were expired, revoked or forged.
 */
export async function unauthorized(
  c: Context,
  deps: Deps,
  problem: { invalid?: string; message?: string } = {},
) {
  await deps.stats.count('unauthorized')
  const { invalid } = problem
  const challenge =
    invalid === undefined
      ? 'Bearer realm="api"'
      : `Bearer realm="api", error="invalid_token", error_description="${invalid}"`
  c.header('WWW-Authenticate', challenge)
  return fail(c, 401, problem.message ?? invalid ?? 'Authentication required')
}
