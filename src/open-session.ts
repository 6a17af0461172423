import { crossTab } from './browser/cross-tab.js'
import { onPageWake } from './browser/wake.js'
import { sessionOf } from './core/public-session.js'
import { type AuthCalls, createSession, type Session } from './core/session.js'
import type { Normalized, SessionOptions } from './options.js'

/**
 * The session a flavour serves: the one it was given (`session`, shared with another flavour),
 * or a new one making this flavour's calls, linked to the other tabs of this origin. One session
 * per refresh endpoint (`base` + `refreshUrl`): tabs of other apps on the origin keep their own.
 */
export function openSession(
  options: Normalized<SessionOptions>,
  calls: () => AuthCalls,
  base: string,
): Session {
  if (options.session) return sessionOf(options.session)
  const tabs = options.crossTab
    ? crossTab(`silent-refresh ${base}${options.refreshUrl}`)
    : undefined
  return createSession(options, calls(), tabs, onPageWake)
}
