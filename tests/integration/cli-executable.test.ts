import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

// The `pvedesk` executable itself (src/cli/pvedesk.ts): standard input not a terminal, so no question can be
// asked, and the exit status as a shell sees it.
const home = mkdtempSync(join(tmpdir(), 'pvedesk-exe-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

function pvedesk(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/pvedesk.ts', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PVEDESK_HOME: home },
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdin.end('')
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, out, err }))
  })
}

describe('the pvedesk executable', () => {
  it('pvedesk help lists the action commands (exit 0)', async () => {
    const run = await pvedesk(['help'])
    expect(run.code).toBe(0)
    expect(run.out).toContain(
      'pvedesk bulk start|shutdown|stop|reboot|suspend|resume|migrate|backup|snapshot',
    )
    expect(run.out).toContain('pvedesk task log CLUSTER UPID [--follow]')
  })

  it('a bulk action without --yes and without a terminal is refused at once (exit 2)', async () => {
    const run = await pvedesk(['bulk', 'stop', '--filter', 'tag:prod'])
    expect(run).toEqual({
      code: 2,
      out: '',
      err: 'pvedesk: invalid_request: no terminal to ask on: repeat with --yes to run the plan (or --dry-run to see it)\n',
    })
  })
})
