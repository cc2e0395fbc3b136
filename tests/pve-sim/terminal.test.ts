import { describe, expect, it } from 'vitest'

import type { ShellEnv } from './consoles/shell'
import { SimShell, words } from './consoles/shell'
import { TermproxyParser } from './consoles/termproxy'

function parser(): { events: string[]; push: (s: string | Buffer) => void } {
  const events: string[] = []
  const p = new TermproxyParser({
    expected: { user: 'root@pam', ticket: 'PVEVNC:T' },
    authenticated: () => events.push('auth'),
    input: (d) => events.push(`in:${d.toString('utf8')}`),
    resize: (c, r) => events.push(`size:${c}x${r}`),
    ping: () => events.push('ping'),
    reject: () => events.push('reject'),
  })
  return { events, push: (s) => p.push(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')) }
}

describe('termproxy framing', () => {
  it('authenticates on the first line, then decodes input, resize and ping', () => {
    const { events, push } = parser()
    push('root@pam:PVEVNC:T\n0:2:ls1:100:30:20:1:\r')
    expect(events).toEqual(['auth', 'in:ls', 'size:100x30', 'ping', 'in:\r'])
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

function shell(start: ShellEnv['start'] = 'shell'): {
  out: () => string
  sh: SimShell
  closed: () => boolean
} {
  let out = ''
  let closed = false
  const env: ShellEnv = {
    hostname: 'pve1',
    node: start !== 'getty',
    start,
    issue: 'Debian GNU/Linux 13',
    tty: 'tty1',
    motd: [],
    checkLogin: (u, p) =>
      u === 'root' && p === 'secret' ? 'root' : u === 'ops' && p === 'o' ? 'ops' : undefined,
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

describe('termproxy input bytes', () => {
  it('hands the program the bytes as sent, even a character split across two messages', () => {
    const chunks: Buffer[] = []
    const p = new TermproxyParser({
      expected: { user: 'root@pam', ticket: 'T' },
      authenticated: () => undefined,
      input: (d) => chunks.push(d),
      resize: () => undefined,
      ping: () => undefined,
      reject: () => undefined,
    })
    const smile = Buffer.from('🙂', 'utf8')
    p.push(
      Buffer.concat([
        Buffer.from('root@pam:T\n0:2:'),
        smile.subarray(0, 2),
        Buffer.from('0:2:'),
        smile.subarray(2),
      ]),
    )
    expect(Buffer.concat(chunks).equals(smile)).toBe(true)
  })
})

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
    const { out, sh, closed } = shell('login')
    expect(out()).toBe('pve1 login: ')
    sh.input('root\rwrong\r')
    expect(out()).toContain('Password: ')
    expect(out()).not.toContain('wrong')
    expect(out()).toContain('Login incorrect')
    sh.input('ops\ro\rwhoami\r')
    expect(out().endsWith('whoami\r\nops\r\nops@pve1:~$ ')).toBe(true)
    sh.input('\x04')
    expect(closed()).toBe(true)
  })

  it('ends /bin/login after five wrong passwords, as util-linux login does', () => {
    const { out, sh, closed } = shell('login')
    sh.input('root\rx\r'.repeat(5))
    expect(out()).toContain('Maximum number of tries exceeded (5)')
    expect(closed()).toBe(true)
  })

  it('shows a getty banner and comes back to it after exit, without closing', () => {
    const { out, sh, closed } = shell('getty')
    expect(out()).toBe('\r\nDebian GNU/Linux 13 pve1 tty1\r\n\r\npve1 login: ')
    sh.input('root\rsecret\rexit\r')
    expect(out().endsWith('exit\r\nlogout\r\n\r\nDebian GNU/Linux 13 pve1 tty1\r\n\r\npve1 login: ')).toBe(
      true,
    )
    expect(closed()).toBe(false)
  })

  it('prints the pty size (80×20 until a resize, as termproxy spawns it) and echoes quoted words', () => {
    const { out, sh } = shell()
    sh.input('stty size\r')
    expect(out()).toContain('stty size\r\n20 80\r\n')
    sh.resize(132, 43)
    sh.input('stty size\recho "a  b" \'c\'\r')
    expect(out()).toContain('43 132\r\n')
    expect(out()).toContain('a  b c\r\n')
    expect(words(`echo 'x y'z ""`)).toEqual(['echo', 'x yz', ''])
  })
})
