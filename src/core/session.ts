import { checked } from './checked'
import { expiryFromJwt } from './jwt'

/** What a login or refresh hands over: the access token and, if known, when it expires. */
export interface SessionInput {
  accessToken: string
  /** Lifetime in ms, measured from when the response arrived (immune to client clock skew). */
  expiresIn?: number
  /** Absolute expiry, epoch ms. */
  expiresAt?: number
}

/** The in-memory session. `version` grows on every change so an older refresh never overwrites a newer session. */
export class Session {
  token: string | null = null
  expiresAt: number | null = null
  /** When the current token arrived; the refresh-ahead margin never exceeds half its life. */
  receivedAt = 0
  /**
   * Expired, logged out or cleared: no refresh on our own until a new session starts. Before any
   * session (no token, not ended) a refresh cookie may still exist, e.g. after a reload.
   */
  ended = false
  version = 0

  constructor(private readonly onChange: () => void) {}

  set(input: SessionInput): void {
    const { accessToken, expiresIn, expiresAt } = validate(input)
    const now = Date.now()
    this.token = accessToken
    this.receivedAt = now
    this.expiresAt =
      expiresAt ?? (expiresIn === undefined ? expiryFromJwt(accessToken) : now + expiresIn)
    this.changed(false)
  }

  end(): void {
    this.token = this.expiresAt = null
    this.changed(true)
  }

  /** True when the token is known to be past its expiry, so sending it would only earn a 401. */
  isExpired(): boolean {
    return this.expiresAt !== null && this.expiresAt <= Date.now()
  }

  private changed(ended: boolean): void {
    this.ended = ended
    this.version++
    this.onChange()
  }
}

const shape = { accessToken: '', expiresIn: 0, expiresAt: 0 }

function validate(input: SessionInput): SessionInput {
  const valid = checked(input, shape, 'setSession ')
  if (!valid.accessToken) throw new TypeError('silent-refresh: the session needs an `accessToken`')
  return valid as SessionInput
}
