import type { AxiosInstance } from 'axios'
import { CROSS_TAB, REFRESH_AHEAD_MS } from './api'
import { byId } from './dom'

interface RuntimeConfig {
  accessTtlMs: number
  reuseGraceMs: number
}

/**
 * The settings a visitor can change on the page. Two are SDK options, fixed when the SDK is
 * created: changing one reloads the page with it (`?refreshAhead=off`, `?crossTab=off`). Two are
 * the mock server's runtime config (`POST /__mock/config`), applied from the next token on.
 */
export function createControls(mock: AxiosInstance, onChange: (text: string) => void) {
  const ahead = byId<HTMLInputElement>('ctl-ahead')
  const crossTab = byId<HTMLInputElement>('ctl-cross-tab')
  const ttl = byId<HTMLSelectElement>('ctl-ttl')
  const grace = byId<HTMLSelectElement>('ctl-grace')
  ahead.checked = REFRESH_AHEAD_MS !== false
  crossTab.checked = CROSS_TAB

  const reloadWith = (name: string, on: boolean) => {
    const url = new URL(window.location.href)
    if (on) url.searchParams.delete(name)
    else url.searchParams.set(name, 'off')
    window.location.assign(url)
  }
  ahead.addEventListener('change', () => reloadWith('refreshAhead', ahead.checked))
  crossTab.addEventListener('change', () => reloadWith('crossTab', crossTab.checked))

  const show = (config: RuntimeConfig) => {
    ttl.value = String(config.accessTtlMs)
    grace.value = String(config.reuseGraceMs)
  }
  const apply = async (patch: Partial<RuntimeConfig>, text: string) => {
    const { data } = await mock.post<{ data: RuntimeConfig }>('/__mock/config', patch)
    show(data.data)
    onChange(text)
  }
  ttl.addEventListener('change', () =>
    apply(
      { accessTtlMs: Number(ttl.value) },
      `Access tokens now live ${ttl.selectedOptions[0]?.text}, from the next one on.`,
    ),
  )
  grace.addEventListener('change', () =>
    apply(
      { reuseGraceMs: Number(grace.value) },
      `Grace window: ${grace.selectedOptions[0]?.text}. A superseded refresh token is reuse after that.`,
    ),
  )
  // Plain fetch: reading the config is not part of the protocol, so it stays off the timeline.
  void fetch('/__mock/config', { cache: 'no-store' })
    .then((response) => response.json())
    .then(({ data }: { data: RuntimeConfig }) => show(data))
    .catch(() => {})
}
