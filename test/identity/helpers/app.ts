import type { AxiosInstance } from 'axios'
import { createSilentRefresh, type SilentRefresh, type SilentRefreshOptions } from 'silent-refresh'

/**
 * An app on an identity server: the SDK on `api` with `options` (the README's recipe and the
 * test's own), single-tab and without the refresh-ahead timer unless the test asks; added to
 * `opened` for the test's teardown to dispose. `me()` calls the protected `mePath` and gives the
 * status, or the error's code when there was no answer.
 */
export function openAppOn(
  api: AxiosInstance,
  mePath: string,
  options: SilentRefreshOptions,
  opened: SilentRefresh[],
) {
  const auth = createSilentRefresh(api, { refreshAheadMs: false, crossTab: false, ...options })
  opened.push(auth)
  const expiries: unknown[] = []
  auth.on('sessionExpired', (event) => expiries.push(event))
  const me = () =>
    api.get(mePath).then(
      (response) => response.status,
      (error: { response?: { status: number }; code?: string }) =>
        error.response?.status ?? error.code,
    )
  return { auth, me, expiries }
}
