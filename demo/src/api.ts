import axios from 'axios'
import { createSilentRefresh } from 'silent-refresh'
import type { Recorder } from './recorder'

const settings = new URLSearchParams(window.location.search)
/**
 * Short enough to watch: with a 20 s token the SDK's timer refreshes at 15 s. `?refreshAhead=off`
 * refreshes only once the token has expired, one refresh per token life (the e2e tests count them).
 */
export const REFRESH_AHEAD_MS = settings.get('refreshAhead') === 'off' ? false : 5_000
/** `?crossTab=off` shows tabs refreshing on their own, saved only by the server's grace window. */
export const CROSS_TAB = settings.get('crossTab') !== 'off'

/**
 * The app's axios instance with silent refresh installed, as any app would set it up, plus a
 * client for the mock server's dev controls. Both send through the recording adapter; the
 * SDK's own login/refresh/logout client copies it from `api`, so it must be set first.
 */
export function createClients(recorder: Recorder) {
  const adapter = recorder.wrap(axios.getAdapter('xhr'))
  const api = axios.create({ adapter })
  const auth = createSilentRefresh(api, { refreshAheadMs: REFRESH_AHEAD_MS, crossTab: CROSS_TAB })
  const mock = axios.create({ adapter })
  return { api, auth, mock }
}

/** The backend's envelope. */
export interface Envelope<T> {
  code: number
  message: string
  data: T
}

export interface TokenData {
  token: string
  expiresIn: number
  username: string
  device: string
}

export interface Employee {
  id: number
  name: string
  title: string
  email: string
}
