import axios, {
  type AxiosError,
  type AxiosInstance,
  CanceledError,
  type InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios'
import { RefreshError, SessionExpiredError } from '../core/errors.js'
import { raceAbort } from '../core/race-abort.js'
import type { Session } from '../core/session.js'
import { headerValue, type NormalizedOptions } from '../options.js'

/** Installs the attach-and-wait request interceptor and the 401 → refresh → replay response interceptor. */
export function installInterceptors(
  instance: AxiosInstance,
  session: Session,
  options: NormalizedOptions,
): () => void {
  const { header, refreshUrl } = options
  const authUrls = [refreshUrl, options.loginUrl, options.logoutUrl]
  // Replays bypass every interceptor (the config already holds the instance's defaults and what
  // its request interceptors added), so each response interceptor sees one outcome per request.
  const replayClient = axios.create()

  // The header is read from memory at send time, so a replay always carries the current token.
  const attach = (config: InternalAxiosRequestConfig) => {
    if (session.token) config.headers.set(header, headerValue(options, session.token))
    else config.headers.delete(header)
    return config
  }

  // Synchronous on the fast path: most requests neither wait nor allocate a promise here.
  const onRequest = (config: InternalAxiosRequestConfig) => {
    if (config.skipAuth) return config
    const mustWait =
      session.pending !== undefined || (!config.skipAuthRefresh && session.isExpired())
    return mustWait
      ? untilAborted(session.refresh(), config).then(
          () => attach(config),
          (error) => {
            // A refresh ahead of time failed transiently: the current token is still good, use it.
            if (error instanceof RefreshError && session.token && !session.isExpired()) {
              return attach(config)
            }
            throw error
          },
        )
      : attach(config)
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
    // A 401 for a token older than the current one needs no refresh: just replay.
    const sent = config.headers.get(header)
    if (!session.token || sent === headerValue(options, session.token)) {
      if (session.ended) throw new SessionExpiredError(refreshUrl, error)
      await untilAborted(session.refresh(), config)
    }
    // Replayed once, outside the interceptors: a second 401 rejects as it is, never a second refresh.
    return replayClient.request(attach(config))
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
  return raceAbort(promise, signal, () => new CanceledError(undefined, config))
}
