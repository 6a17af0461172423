// autocannon ships no types; only what bench/mock-server.ts uses (see its README's API section).
declare module 'autocannon' {
  interface Client {
    setRequests(requests: Request[]): void
  }
  interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    setupRequest?: (request: Request, context: object) => Request
    onResponse?: (status: number, body: string, context: object, headers: Headers) => void
  }
  type Headers = Record<string, string | string[] | undefined>
  interface Histogram {
    average: number
    p50: number
    p99: number
    total: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    method?: string
    headers?: Record<string, string>
    setupClient?: (client: Client) => void
  }
  export default function autocannon(options: Options): Promise<Result>
}
