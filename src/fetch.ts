// silent-refresh/fetch: the same session for `fetch`, without axios.
export { HttpError } from './core/errors.js'
export type { SilentFetch } from './create-silent-fetch.js'
export { createSilentFetch } from './create-silent-fetch.js'
export type { SilentFetchInit, SilentFetchOptions } from './fetch/options.js'
export * from './session-exports.js'
