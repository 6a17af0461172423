/** The part of the mock server's API the openapi-fetch recipe calls, as openapi-typescript would write it. */
export interface paths {
  '/api/employees': {
    get: {
      responses: {
        200: {
          content: {
            'application/json': { code: number; message: string; data: unknown[] }
          }
        }
      }
    }
  }
}
