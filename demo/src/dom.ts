type Child = Node | string | null | undefined | false

export interface Props {
  class?: string
  text?: string
  title?: string
  data?: Record<string, string>
}

/**
 * Builds an element. Text always goes in through `textContent`/text nodes, never as HTML,
 * so nothing a server sends can become markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (props.class) element.className = props.class
  if (props.text !== undefined) element.textContent = props.text
  if (props.title) element.title = props.title
  for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = value
  for (const child of children) if (child) element.append(child)
  return element
}

/** The element with this id; a missing one is a bug in index.html, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`demo: #${id} is missing from index.html`)
  return element as T
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 1,
  hour12: false,
})

/** `14:03:27.4`: tenths of a second, enough to see what happened first. */
export const clock = (ms: number) => timeFormat.format(ms)
