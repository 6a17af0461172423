import vm from 'node:vm'

/** Browser globals a library may touch while loading; no `process`, `require` or `Buffer`. */
function browserLikeContext(): vm.Context {
  const storage = new Map<string, string>()
  const localStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  }
  const { console, setTimeout, clearTimeout, atob, btoa, AbortController, AbortSignal } = globalThis
  const globals = { console, setTimeout, clearTimeout, atob, btoa, AbortController, AbortSignal }
  const context = vm.createContext({ ...globals, localStorage })
  context.window = context.self = context
  return context
}

/**
 * Evaluates an ESM bundle as a browser would (a fresh realm with browser globals), `axios`
 * linked to a module re-exporting this process's axios. Needs `--experimental-vm-modules`.
 */
export async function checkBundleLoads({ code }: { code: string }) {
  const axios = await import('axios')
  const context = browserLikeContext()
  const stub = new vm.SyntheticModule(
    Object.keys(axios),
    function (this: vm.SyntheticModule) {
      for (const [name, value] of Object.entries(axios)) this.setExport(name, value)
    },
    { context },
  )
  try {
    const bundle = new vm.SourceTextModule(code, { context })
    await bundle.link((specifier) => {
      if (specifier === 'axios') return stub
      throw new Error(`unexpected import "${specifier}"`)
    })
    await bundle.evaluate()
    return { loads: true, exports: Object.keys(bundle.namespace) }
  } catch (error) {
    return { loads: false, error: error instanceof Error ? error.message : String(error) }
  }
}
