import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { root } from './helpers/packed'

// The README is also the package's page on the registry, where a relative link resolves nowhere.
// Every link must be absolute, or name a file the package ships; links into this repository
// (github.com/silent-refresh/silent-refresh) must name a file that exists here.
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const REPO_FILE =
  /^https:\/\/(?:github\.com\/silent-refresh\/silent-refresh\/blob\/main|raw\.githubusercontent\.com\/silent-refresh\/silent-refresh\/main)\/([^#?]+)/
const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map(([, target]) => target ?? '')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s/g, '-')
const anchors = new Set(
  [...readme.matchAll(/^#+ (.+)$/gm)].map(([, heading]) => slug(heading ?? '')),
)

describe('README links', () => {
  it('are found', () => expect(links.length).toBeGreaterThan(0))

  it('are absolute or name a file that ships in the package', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json'], {
      cwd: root,
    })
    const shipped = new Set<string>(
      JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path),
    )
    const broken = links.filter(
      (link) => !/^(https?:|mailto:|#)/.test(link) && !shipped.has(link.replace(/^\.\//, '')),
    )
    expect(broken).toEqual([])
  })

  it('into this repository name files that exist', () => {
    const missing = links.flatMap((link) => {
      const path = REPO_FILE.exec(link)?.[1]
      return path && !existsSync(join(root, path)) ? [link] : []
    })
    expect(missing).toEqual([])
  })

  it('to a section name a heading of the README', () => {
    const dangling = links.filter((link) => link.startsWith('#') && !anchors.has(link.slice(1)))
    expect(dangling).toEqual([])
  })
})
