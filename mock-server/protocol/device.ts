/**
 * The client IP: the socket address, or with `trustProxy` the first `X-Forwarded-For` entry,
 * else `X-Real-IP`. Proxy headers are ignored otherwise because any client can send them.
 */
export function clientIp(
  headers: Headers,
  socketIp: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim()
    const real = headers.get('x-real-ip')?.trim()
    const proxied = forwarded || real
    if (proxied) return proxied.slice(0, 100)
  }
  return socketIp || 'unknown'
}

/** `device = hash(User-Agent + "|" + client IP)`, 16 hex digits of SHA-256. */
export async function deviceId(userAgent: string, ip: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${userAgent}|${ip}`),
  )
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
}

export const DEVICE_PATTERN = /^[0-9a-f]{16}$/
