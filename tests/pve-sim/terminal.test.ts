import { describe, expect, it } from 'vitest'

import type { ShellEnv } from './consoles/shell'
import { SimShell } from './consoles/shell'
import { TermproxyParser } from './consoles/termproxy'

function parser(): { events: string[]; push: (s: string | Buffer) => void } {
  const events: string[] = []
  const p = new TermproxyParser({
    expected: { user: 'root@pam', ticket: 'PVEVNC:T' },
    authenticated: () => events.push('auth'),
    input: (d) => events.push(`in:${d}`),
    resize: (c, r) => events.push(`size:${c}x${r}`),
    reject: () => events.push('reject'),
  })
  return { events, push: (s) => p.push(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')) }
}

describe('termproxy framing', () => {
  it('authenticates on the first line, then decodes input, resize and ping', () => {
    const { events, push } = parser()
    push('root@pam:PVEVNC:T\n0:2:ls1:100:30:20:1:\r')
    expect(events).toEqual(['auth', 'in:ls', 'size:100x30', 'in:\r'])
  })

  it('waits for messages split anywhere, counting UTF-8 bytes', () => {
    const { events, push } = parser()
    const bytes = Buffer.from('root@pam:PVEVNC:T\n0:5:é€1:80:24:', 'utf8')
    for (const byte of bytes) push(Buffer.from([byte]))
    expect(events).toEqual(['auth', 'in:é€', 'size:80x24'])
  })

  it('rejects a wrong line and skips garbage byte by byte', () => {
    const wrong = parser()
    wrong.push('root@pam:PVEVNC:X\n0:1:a')
    expect(wrong.events).toEqual(['reject'])
    const noisy = parser()
    noisy.push('root@pam:PVEVNC:T\nxyz0:x:0:1:a')
    expect(noisy.events).toEqual(['auth', 'in:a'])
  })
})

function shell(login = false): { out: () => string; sh: SimShell; closed: () => boolean } {
  let out = ''
  let closed = false
  const env: ShellEnv = {
    hostname: 'pve1',
    node: true,
    login,
    checkLogin: (u, p) => u === 'root' && p === 'secret',
    qmList: () => ['VMID NAME'],
    pctList: () => [],
    pveversion: () => 'pve-manager/9.1.4/abc',
    uptime: () => ' up',
    write: (t) => (out += t),
    close: () => (closed = true),
  }
  const sh = new SimShell(env)
  sh.start()
  return { out: () => out, sh, closed: () => closed }
}

describe('the simulated shell', () => {
  it('edits the line, ignores arrow keys, and runs commands', () => {
    const { out, sh } = shell()
    sh.input('echo hallo\x7fx\x1b[A\r')
    expect(out()).toContain('echo hallo\b \bx\r\nhallx\r\nroot@pve1:~# ')
    sh.input('seq 3\rnope\r')
    expect(out()).toContain('1\r\n2\r\n3\r\n')
    expect(out()).toContain('-bash: nope: command not found')
    sh.input('abc\x03')
    expect(out().endsWith('abc^C\r\nroot@pve1:~# ')).toBe(true)
  })

  it('asks non-root users to log in, without echoing the password, and exits on Ctrl-D', () => {
    const { out, sh, closed } = shell(true)
    sh.input('root\rwrong\r')
    expect(out()).toContain('Password: ')
    expect(out()).not.toContain('wrong')
    expect(out()).toContain('Login incorrect')
    sh.input('root\rsecret\r')
    expect(out().endsWith('root@pve1:~# ')).toBe(true)
    sh.input('\x04')
    expect(closed()).toBe(true)
  })
})
