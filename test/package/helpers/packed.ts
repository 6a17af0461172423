import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const root = fileURLToPath(new URL('../../..', import.meta.url))
export const bin = (name: string) => join(root, 'node_modules/.bin', name)
const execFileAsync = promisify(execFile)

/**
 * The package as the registry would serve it: `npm pack` of the built tree, unpacked into
 * `node_modules/silent-refresh` of a fresh project outside this repository (so Node finds no
 * package of ours by walking up). `linked` packages are linked in from this repository.
 */
export async function packedProject(linked: readonly string[], template?: string) {
  const work = mkdtempSync(join(tmpdir(), 'silent-refresh-packed-'))
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root,
  })
  const tarball = join(work, JSON.parse(stdout)[0].filename)
  const project = join(work, 'project')
  if (template) cpSync(template, project, { recursive: true })
  const installed = join(project, 'node_modules/silent-refresh')
  mkdirSync(installed, { recursive: true })
  await execFileAsync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
  for (const name of linked) {
    mkdirSync(join(project, 'node_modules', name, '..'), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir')
  }
  return { tarball, project, remove: () => rmSync(work, { recursive: true, force: true }) }
}

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command to its end and tells how it ended, without throwing on a non-zero exit. */
export async function runCommand(file: string, args: string[], cwd = root): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { cwd, maxBuffer: 16 << 20 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code = 1, stdout = '', stderr = '' } = error as Partial<Ran>
    return { code: typeof code === 'number' ? code : 1, stdout, stderr }
  }
}

/** Runs a command that must succeed; fails with its output otherwise. */
export async function check(file: string, args: string[], cwd = root): Promise<string> {
  const ran = await runCommand(file, args, cwd)
  if (ran.code !== 0)
    throw new Error(`${file} ${args.join(' ')} exited ${ran.code}:\n${ran.stdout}\n${ran.stderr}`)
  return ran.stdout
}
