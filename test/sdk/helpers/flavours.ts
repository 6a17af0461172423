import axios, { isAxiosError, isCancel } from 'axios'
import { createSilentRefresh, type SilentRefresh, type SilentRefreshOptions } from 'silent-refresh'
import { createSilentFetch, type SilentFetch, type SilentFetchOptions } from 'silent-refresh/fetch'
import type { Call, Reply, TestClient } from './setup'

/**
 * How the shared suites drive an SDK flavour: make one on a base URL, make requests through it.
 * Replies normalise what differs by design — axios rejects HTTP errors, fetch resolves them —
 * so one scenario runs unchanged on both.
 */
export interface Flavour {
  name: string
  create(baseUrl: string, options: object): TestClient
  /** Whether `error` is this flavour's "the request was aborted". */
  isAbort(error: unknown): boolean
}

export const axiosFlavour = {
  name: 'axios',
  create(baseUrl: string, options: SilentRefreshOptions) {
    const api = axios.create({ baseURL: baseUrl })
    const auth = createSilentRefresh(api, options)
    return {
      api,
      auth,
      request: (path: string, call: Call = {}): Promise<Reply> =>
        api
          .request({
            url: path,
            method: call.method ?? 'GET',
            data: call.body,
            signal: call.signal,
            skipAuth: call.skipAuth,
            skipAuthRefresh: call.skipAuthRefresh,
            headers: call.headers,
          })
          .then(
            ({ status, data }) => ({ status, data }),
            (error: unknown) => {
              if (isAxiosError(error) && error.response) {
                const { status, data } = error.response
                return { status, data }
              }
              throw error
            },
          ),
    } satisfies TestClient<SilentRefresh> & { api: unknown }
  },
  isAbort: (error: unknown) => isCancel(error),
} satisfies Flavour

export const fetchFlavour = {
  name: 'fetch',
  create(baseUrl: string, options: SilentFetchOptions) {
    const auth = createSilentFetch({ baseUrl, ...options })
    return {
      auth,
      request: async (path: string, call: Call = {}): Promise<Reply> => {
        const response = await auth.fetch(`${baseUrl}${path}`, {
          method: call.method ?? 'GET',
          body: call.body,
          signal: call.signal,
          skipAuth: call.skipAuth,
          skipAuthRefresh: call.skipAuthRefresh,
          headers: call.headers,
        })
        return { status: response.status, data: await response.json() }
      },
    } satisfies TestClient<SilentFetch>
  },
  // fetch rejects with the signal's reason: an AbortError DOMException unless given another.
  isAbort: (error: unknown) => error instanceof DOMException && error.name === 'AbortError',
} satisfies Flavour

/** The flavours the shared suites run on. */
export const flavours: Flavour[] = [axiosFlavour, fetchFlavour]
