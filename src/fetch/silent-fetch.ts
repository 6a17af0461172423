import { settle } from '../core/abort.js'
import type { Session } from '../core/session.js'
import type { FetchOptions, SilentFetchInit } from './options.js'

/** A body that cannot be sent twice: a stream is read as it goes out. */
const oneShot = (body: unknown) =>
  typeof ReadableStream === 'function' && body instanceof ReadableStream

/**
 * The fetch side of the session, as thin as the axios interceptors: attach what the session
 * says to send (waiting when it says so), and on a refused response ask the session what to
 * replay with and replay once. HTTP statuses are answers, not errors, as with `fetch`: a replay
 * refused again resolves with that response. The session rules live in the session.
 */
export function createSilentFetchFunction(
  session: Session,
  options: FetchOptions,
  fetchOf: () => typeof fetch,
) {
  const { header } = options
  const authUrls = [options.refreshUrl, options.loginUrl, options.logoutUrl]
  let disposed = false
  session.onDispose(() => {
    disposed = true
  })

  return async function silentFetch(
    input: RequestInfo | URL,
    init: SilentFetchInit = {},
  ): Promise<Response> {
    const { skipAuth, skipAuthRefresh, ...rest } = init
    // After dispose() it is the plain fetch, as axios is once the interceptors are gone.
    if (skipAuth || disposed) return fetchOf()(input, rest)
    const request = input instanceof Request ? input : undefined
    const signal = rest.signal ?? request?.signal
    // A request's body is read as it goes out: keep a copy for the replay.
    const spare = request?.body && !request.bodyUsed ? request.clone() : input
    const send = (target: RequestInfo | URL, token: string | null) => {
      const source = rest.headers ?? (target instanceof Request ? target.headers : undefined)
      // Without headers of its own, a plain object, as the header set by hand would be (the fast
      // path). Otherwise copied entry by entry: with msw's interceptors installed,
      // `new Headers(headers)` of a Request's headers keeps only some of them.
      let headers: HeadersInit = token ? { [header]: options.bearer(token) } : {}
      if (source) {
        const copy = new Headers(source instanceof Headers ? [...source] : source)
        if (token) copy.set(header, options.bearer(token))
        else copy.delete(header)
        headers = copy
      }
      return fetchOf()(target, { ...rest, headers })
    }
    // Queued requests honour their signal, rejecting as fetch itself would (signal.reason).
    const wait = <T>(token: T | Promise<T>) =>
      token instanceof Promise ? settle(token, signal ?? undefined) : token

    const sent = await wait(session.tokenToSend(skipAuthRefresh))
    const response = await send(input, sent)
    const url = request?.url ?? String(input)
    if (
      skipAuthRefresh ||
      !options.shouldRefresh(response) ||
      authUrls.some((authUrl) => url.endsWith(authUrl))
    ) {
      return response
    }
    const next = session.tokenAfter401(sent)
    if (oneShot(rest.body)) {
      // The stream went out with the first request: the caller gets the refusal, and the
      // refresh it set off serves the caller's next try.
      next.catch(() => {})
      return response
    }
    const token = await wait(next)
    void response.body?.cancel().catch(() => {}) // nobody reads the refused answer
    return send(spare, token)
  }
}
