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

  /**
   * Sends `target` with `init` and the token's header. Without headers of its own, a plain
   * object, as the header set by hand would be (the fast path); otherwise copied entry by entry:
   * with msw's interceptors installed, `new Headers(headers)` of a Request's headers keeps only
   * some of them.
   */
  function send(target: RequestInfo | URL, init: RequestInit, token: string | null) {
    const source = init.headers ?? (target instanceof Request ? target.headers : undefined)
    let headers: HeadersInit = token ? { [header]: options.bearer(token) } : {}
    if (source) {
      const copy = new Headers(source instanceof Headers ? [...source] : source)
      if (token) copy.set(header, options.bearer(token))
      else copy.delete(header)
      headers = copy
    }
    return fetchOf()(target, { ...init, headers })
  }

  /** A token to wait for (a promise), honouring the request's signal as fetch would (its reason). */
  const waitFor = (token: Promise<string>, signal?: AbortSignal | null) =>
    settle(token, signal ?? undefined)

  /**
   * After the answer: a refusal joins the one refresh and replays once (`spare`: the request as
   * it can be sent again); anything else, or a body that cannot be sent twice, is the answer.
   */
  async function afterRefusal(
    response: Response,
    input: RequestInfo | URL,
    spare: RequestInfo | URL,
    rest: RequestInit,
    sent: string | null,
  ): Promise<Response> {
    const url = input instanceof Request ? input.url : String(input)
    if (authUrls.some((authUrl) => url.endsWith(authUrl))) return response
    const next = session.tokenAfter401(sent)
    if (oneShot(rest.body)) {
      // The stream went out with the first request: the caller gets the refusal, and the
      // refresh it set off serves the caller's next try.
      next.catch(() => {})
      return response
    }
    const token = await waitFor(next, rest.signal ?? (input as Request).signal)
    void response.body?.cancel().catch(() => {}) // nobody reads the refused answer
    return send(spare, rest, token)
  }

  // Not async: a healthy request costs one promise step more than fetch, not an await chain.
  return function silentFetch(
    input: RequestInfo | URL,
    init: SilentFetchInit = {},
  ): Promise<Response> {
    try {
      const { skipAuth, skipAuthRefresh, ...rest } = init
      // After dispose() it is the plain fetch, as axios is once the interceptors are gone.
      if (skipAuth || disposed) return fetchOf()(input, rest)
      const request = input instanceof Request ? input : undefined
      // A request's body is read as it goes out: keep a copy for the replay.
      const spare = request?.body && !request.bodyUsed ? request.clone() : input
      const go = (sent: string | null) =>
        send(input, rest, sent).then((response) =>
          skipAuthRefresh || !options.shouldRefresh(response)
            ? response
            : afterRefusal(response, input, spare, rest, sent),
        )
      const first = session.tokenToSend(skipAuthRefresh)
      return first instanceof Promise
        ? waitFor(first, rest.signal ?? request?.signal).then(go)
        : go(first)
    } catch (error) {
      // Bad input (headers, a used body) rejects, as fetch does, instead of throwing.
      return Promise.reject(error)
    }
  }
}
