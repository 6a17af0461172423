import { errors, jwtVerify, SignJWT } from 'jose'

interface Claims {
  sub: string
  jti: string
  /** The device (see `device.ts`). */
  dev: string
  /** The family (one login's chain of rotations) the token belongs to: revocation is by family. */
  fam: string
  iat: number
  exp: number
}

/** Claims of an access token (`typ: at+jwt`). Times are JWT seconds. */
export interface AccessClaims extends Claims {
  /** Its number in the family: the family's deny-list entry refuses every token below a number. */
  seq: number
}

/** Claims of a refresh token (`typ: rt+jwt`). */
export type RefreshClaims = Claims

export type Verified<T> = { ok: true; claims: T } | { ok: false; expired: boolean }

export interface TokenService {
  signAccess(claims: AccessClaims): Promise<string>
  /** Deterministic: the same claims give the same token, so a record need not store tokens. */
  signRefresh(claims: RefreshClaims): Promise<string>
  verifyAccess(token: string): Promise<Verified<AccessClaims>>
  verifyRefresh(token: string): Promise<Verified<RefreshClaims>>
}

const ALG = 'HS256'

export function createTokenService(
  secret: Uint8Array,
  now: () => number,
  toleranceMs: number,
): TokenService {
  // Imported once, on first use: given raw bytes, jose imports a new CryptoKey on every sign and
  // verify. Not extractable; HMAC SHA-256 only (jose checks the key against the pinned `alg`).
  let imported: Promise<CryptoKey> | undefined
  const key = () =>
    (imported ??= crypto.subtle.importKey(
      'raw',
      new Uint8Array(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    ))
  // Claims are passed whole (no setters), so their order and hence the signature is stable.
  const sign = async (typ: string, claims: Claims) =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg: ALG, typ }).sign(await key())

  const verify = async <T extends Claims>(
    token: string,
    typ: string,
    names: string[],
    numbers: string[],
  ): Promise<Verified<T>> => {
    try {
      const { payload } = await jwtVerify(token, await key(), {
        algorithms: [ALG], // pinned: `none` and every other algorithm are refused
        typ,
        requiredClaims: ['exp', 'jti', 'sub', 'iat'],
        clockTolerance: toleranceMs / 1000,
        currentDate: new Date(now()),
      })
      const wellFormed =
        names.every((name) => typeof payload[name] === 'string' && payload[name] !== '') &&
        numbers.every((name) => Number.isSafeInteger(payload[name]))
      return wellFormed
        ? { ok: true, claims: payload as unknown as T }
        : { ok: false, expired: false }
    } catch (error) {
      return { ok: false, expired: error instanceof errors.JWTExpired }
    }
  }

  return {
    signAccess: (claims) => sign('at+jwt', claims),
    signRefresh: (claims) => sign('rt+jwt', claims),
    verifyAccess: (token) =>
      verify<AccessClaims>(token, 'at+jwt', ['sub', 'jti', 'dev', 'fam'], ['seq']),
    verifyRefresh: (token) =>
      verify<RefreshClaims>(token, 'rt+jwt', ['sub', 'jti', 'dev', 'fam'], []),
  }
}
