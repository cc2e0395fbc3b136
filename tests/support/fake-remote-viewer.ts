import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { vi } from 'vitest'

/** What the fake remote-viewer saw when it started (see fake-remote-viewer/remote-viewer). */
export interface ViewerStart {
  pid: number
  event: 'start'
  args: string[]
  file: string
  existed: boolean
  content?: string
  /** Octal, as `ls -l` would say: `600`. */
  fileMode?: string
  folderMode?: string
  /** Process group and session (Linux): a detached viewer leads a session of its own. */
  pgrp?: number
  session?: number
  /** Where its standard input, output and error go (Linux): `/dev/null` when ignored. */
  stdio: (string | undefined)[]
}

export interface ViewerEnd {
  pid: number
  event: 'gone' | 'still-there'
  afterMs: number
  folderGone: boolean
}

const here = dirname(fileURLToPath(import.meta.url))

export interface FakeRemoteViewer {
  /** The folder put first on PATH, holding `remote-viewer`. */
  readonly dir: string
  readonly program: string
  starts(): ViewerStart[]
  ends(): ViewerEnd[]
}

/**
 * Puts a fake `remote-viewer` first on PATH for this test file (vi.stubEnv: undone by vi.unstubAllEnvs). It
 * records each .vv file it is given and whether that file is removed while it runs; `deletes` makes it delete
 * the file itself, as remote-viewer does for `delete-this-file=1`.
 */
export function installFakeRemoteViewer(
  options: { deletes?: boolean; waitMs?: number } = {},
): FakeRemoteViewer {
  const dir = mkdtempSync(join(tmpdir(), 'pvedesk-fake-viewer-'))
  const log = mkdtempSync(join(tmpdir(), 'pvedesk-fake-viewer-log-'))
  const program = join(dir, 'remote-viewer')
  copyFileSync(join(here, 'fake-remote-viewer', 'remote-viewer'), program)
  chmodSync(program, 0o755)
  vi.stubEnv('PATH', `${dir}${delimiter}${process.env.PATH ?? ''}`)
  vi.stubEnv('FAKE_REMOTE_VIEWER_LOG', log)
  vi.stubEnv('FAKE_REMOTE_VIEWER_DELETES', options.deletes === true ? '1' : '0')
  vi.stubEnv('FAKE_REMOTE_VIEWER_WAIT_MS', String(options.waitMs ?? 20_000))
  const entries = (): (ViewerStart | ViewerEnd)[] =>
    readdirSync(log).flatMap((name) =>
      readFileSync(join(log, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ViewerStart | ViewerEnd),
    )
  return {
    dir,
    program,
    starts: () => entries().filter((e): e is ViewerStart => e.event === 'start'),
    ends: () => entries().filter((e): e is ViewerEnd => e.event !== 'start'),
  }
}
