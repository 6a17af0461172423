export type { SilentRefreshOptions } from './axios/options.js'
export type { SilentRefresh } from './create-silent-refresh.js'
export { createSilentRefresh } from './create-silent-refresh.js'
export * from './session-exports.js'
