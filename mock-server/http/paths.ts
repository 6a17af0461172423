/** Paths the backend owns; everything else belongs to the host (Vite, the app, other handlers). */
export const isBackendPath = (path: string) =>
  path.startsWith('/api/') || path.startsWith('/__mock/')
