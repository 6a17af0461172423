import axios, {
  type AxiosError,
  type AxiosInstance,
  CanceledError,
  type InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios'
import { settle } from '../core/abort.js'
import type { Session } from '../core/session.js'
import type { AxiosOptions } from './options.js'

/**
 * The axios side of the session: a request interceptor that attaches what the session says to
 * send (waiting when it says so), and a response interceptor that asks the session what a 401
 * means and replays once. The session rules live in the session.
 */
export function installInterceptors(
  instance: AxiosInstance,
  session: Session,
  options: AxiosOptions,
): () => void {
  const { header } = options
  const authUrls = [options.refreshUrl, options.loginUrl, options.logoutUrl]
  const prefix = options.bearer('')
  // Replays bypass every interceptor (the config already holds the instance's defaults and what
  // its request interceptors added), so each response interceptor sees one outcome per request.
  const replayClient = axios.create()

  // The header is read from the session at send time, so a replay carries the current token.
  const attach = (config: InternalAxiosRequestConfig, token: string | null) => {
    // A plain property, as in the interceptor people write by hand: `headers.set()` normalises
    // the name on every call, and axios merges names that differ in case before sending anyway.
    if (token) config.headers[header] = options.bearer(token)
    else config.headers.delete(header)
    return config
  }

  // Synchronous on the fast path: most requests neither wait nor allocate a promise here.
  const onRequest = (config: InternalAxiosRequestConfig) => {
    if (config.skipAuth) return config
    const token = session.tokenToSend(config.skipAuthRefresh)
    return typeof token === 'object' && token
      ? untilAborted(token, config).then((fresh) => attach(config, fresh))
      : attach(config, token)
  }

  const onError = async (error: unknown) => {
    const config = isAxiosError(error) ? error.config : undefined
    const url = config?.url ?? ''
    if (
      !config ||
      config.skipAuth ||
      config.skipAuthRefresh ||
      authUrls.some((authUrl) => url.endsWith(authUrl)) ||
      !options.shouldRefresh(error as AxiosError)
    ) {
      throw error
    }
    // The token the request went out with is in its header: a 401 is judged against it.
    const sent = config.headers.get(header)
    const token = await untilAborted(
      session.tokenAfter401(typeof sent === 'string' ? sent.slice(prefix.length) : null),
      config,
    )
    // Replayed once, outside the interceptors: a second 401 rejects as it is, never a second refresh.
    return replayClient.request(attach(config, token))
  }

  const requestId = instance.interceptors.request.use(onRequest)
  const responseId = instance.interceptors.response.use(undefined, onError)
  return () => {
    instance.interceptors.request.eject(requestId)
    instance.interceptors.response.eject(responseId)
  }
}

/** Waits for `promise`, but a request whose AbortSignal fires rejects at once with axios's CanceledError. */
function untilAborted<T>(promise: Promise<T>, config: InternalAxiosRequestConfig): Promise<T> {
  // axios types the signal loosely (GenericAbortSignal); the SDK only runs where AbortSignal exists.
  const signal = config.signal as AbortSignal | undefined
  return settle(promise, signal, () => new CanceledError(undefined, config))
}
