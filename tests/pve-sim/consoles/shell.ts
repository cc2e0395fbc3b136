// The simulated program behind termproxy, as PVE starts it: a node shell for root@pam (`login -f root`), the PAM
// `/bin/login` for everyone else on a node (tokens included), and a getty on the guest's console (tty1 of a
// container, ttyS0 of a VM) that asks for a login and comes back after `exit`. Then a shell whose prompt names the
// node or the guest, with line editing (echo, backspace, Ctrl-C, Ctrl-D) and a few commands: hostname, whoami,
// echo, uptime, seq, stty size, clear, exit, and on nodes pveversion, qm list and pct list from the simulated
// state. Input arrives as bytes (UTF-8 split anywhere); output is terminal bytes with CR LF.

import { StringDecoder } from 'node:string_decoder'

export interface ShellEnv {
  /** What the prompt names: the node, or the guest's hostname. */
  hostname: string
  /** Node shells have the PVE tools. */
  node: boolean
  /** `shell`: logged in as root at once; `login`: /bin/login, ends after the session; `getty`: respawns. */
  start: 'shell' | 'login' | 'getty'
  /** The getty's `/etc/issue` line before the hostname, e.g. `Debian GNU/Linux 13`. */
  issue: string
  /** The getty's tty (`tty1`, `ttyS0`). */
  tty: string
  /** The Linux user the name and password log in as, or undefined. */
  checkLogin(user: string, password: string): string | undefined
  /** Printed after a login (the node's motd). */
  motd: readonly string[]
  qmList(): string[]
  pctList(): string[]
  pveversion(): string
  uptime(): string
  write(text: string): void
  close(): void
}

type Mode = 'login' | 'password' | 'shell' | 'closed'

/** util-linux login gives up after LOGIN_RETRIES (5 in Debian's login.defs). */
const LOGIN_RETRIES = 5

export class SimShell {
  private mode: Mode
  private line = ''
  private loginName = ''
  private user = 'root'
  private failures = 0
  private readonly decoder = new StringDecoder('utf8')
  /** Pending part of an escape sequence (arrow keys and the like are ignored). */
  private escape = ''
  /** termproxy spawns the program on an 80×20 pty (termproxy/src/main.rs `run_pty`) until the first resize. */
  cols = 80
  rows = 20

  constructor(private readonly env: ShellEnv) {
    this.mode = env.start === 'shell' ? 'shell' : 'login'
  }

  /** The first output after `OK`: the motd and a prompt, the login prompt, or the getty's banner. */
  start(): void {
    if (this.env.start === 'shell') this.env.write(`${this.motd()}${this.prompt()}`)
    else this.env.write(this.env.start === 'getty' ? this.getty() : this.loginPrompt())
  }

  private getty(): string {
    return `\r\n${this.env.issue} ${this.env.hostname} ${this.env.tty}\r\n\r\n${this.loginPrompt()}`
  }

  private loginPrompt(): string {
    return `${this.env.hostname} login: `
  }

  private motd(): string {
    return this.env.motd.map((l) => `${l}\r\n`).join('')
  }

  private prompt(): string {
    return this.user === 'root' ? `root@${this.env.hostname}:~# ` : `${this.user}@${this.env.hostname}:~$ `
  }

  resize(cols: number, rows: number): void {
    this.cols = cols
    this.rows = rows
  }

  input(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data)
    for (const ch of text) {
      if (this.mode === 'closed') return
      this.key(ch)
    }
  }

  private key(ch: string): void {
    if (this.escape !== '' || ch === '\x1b') {
      this.escape += ch
      if (this.escape.length > 1 && /[A-Za-z~]$/.test(ch)) this.escape = ''
      return
    }
    if (ch === '\r' || ch === '\n') {
      this.env.write('\r\n')
      const line = this.line
      this.line = ''
      this.enter(line)
      return
    }
    if (ch === '\x7f' || ch === '\b') {
      if (this.line === '') return
      // Drop one code point (a surrogate pair is two UTF-16 units).
      const cut = /[\udc00-\udfff]$/.test(this.line) ? 2 : 1
      this.line = this.line.slice(0, -cut)
      if (this.mode !== 'password') this.env.write('\b \b')
      return
    }
    if (ch === '\x03') {
      this.line = ''
      this.env.write(`^C\r\n${this.mode === 'shell' ? this.prompt() : this.loginPrompt()}`)
      if (this.mode === 'password') this.mode = 'login'
      return
    }
    if (ch === '\x04') {
      if (this.line === '' && this.mode === 'shell') this.exit()
      return
    }
    if (ch < ' ') return
    this.line += ch
    if (this.mode !== 'password') this.env.write(ch)
  }

  private enter(line: string): void {
    if (this.mode === 'login') {
      this.loginName = line.trim()
      if (this.loginName === '') {
        this.env.write(this.loginPrompt())
        return
      }
      this.mode = 'password'
      this.env.write('Password: ')
      return
    }
    if (this.mode === 'password') {
      this.password(line)
      return
    }
    const output = this.run(line.trim())
    // `exit`: the session is over (closed, or back at the getty's prompt).
    if (this.mode !== 'shell') return
    this.env.write(`${output.map((l) => `${l}\r\n`).join('')}${this.prompt()}`)
  }

  private password(line: string): void {
    const user = this.env.checkLogin(this.loginName, line)
    if (user !== undefined) {
      this.user = user
      this.failures = 0
      this.mode = 'shell'
      this.env.write(`${this.motd()}${this.prompt()}`)
      return
    }
    this.failures++
    this.mode = 'login'
    if (this.failures >= LOGIN_RETRIES) {
      this.env.write(`\r\nLogin incorrect\r\nMaximum number of tries exceeded (${LOGIN_RETRIES})\r\n`)
      this.failures = 0
      if (this.env.start === 'getty') this.env.write(this.getty())
      else this.end()
      return
    }
    this.env.write(`\r\nLogin incorrect\r\n${this.loginPrompt()}`)
  }

  private exit(): void {
    this.env.write('logout\r\n')
    if (this.env.start === 'getty') {
      // The console's getty respawns: the console stays open at a fresh login prompt.
      this.mode = 'login'
      this.user = 'root'
      this.env.write(this.getty())
      return
    }
    this.end()
  }

  private end(): void {
    this.mode = 'closed'
    this.env.close()
  }

  private run(line: string): string[] {
    const [command = '', ...args] = words(line)
    if (command === '') return []
    switch (command) {
      case 'hostname':
        return [this.env.hostname]
      case 'whoami':
        return [this.user]
      case 'echo':
        return [args.join(' ')]
      case 'uptime':
        return [this.env.uptime()]
      case 'seq':
        return seq(args)
      case 'stty':
        return this.stty(args)
      case 'clear':
        this.env.write('\x1b[H\x1b[2J')
        return []
      case 'exit':
      case 'logout':
        this.exit()
        return []
      default:
        return this.nodeCommand(command, args) ?? [`-bash: ${command}: command not found`]
    }
  }

  /** `stty size` prints `ROWS COLS`, as coreutils does; plain `stty` the short settings. */
  private stty(args: readonly string[]): string[] {
    if (args[0] === 'size') return [`${this.rows} ${this.cols}`]
    if (args.length === 0) return [`speed 38400 baud; rows ${this.rows}; columns ${this.cols}; line = 0;`]
    return []
  }

  private nodeCommand(command: string, args: readonly string[]): string[] | undefined {
    if (!this.env.node) return undefined
    if (command === 'pveversion') return [this.env.pveversion()]
    if (command === 'qm' && args[0] === 'list') return this.env.qmList()
    if (command === 'pct' && args[0] === 'list') return this.env.pctList()
    if (command === 'qm' || command === 'pct')
      return [`400 unable to parse option`, `${command} <command> [ARGS] [OPTIONS]`]
    return undefined
  }
}

/** Splits a command line into words as a shell does for the simple cases: blanks, '…' and "…" quoting. */
export function words(line: string): string[] {
  const out: string[] = []
  let word: string | undefined
  let quote: string | undefined
  for (const ch of line) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined
      else word = (word ?? '') + ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      word ??= ''
    } else if (ch === ' ' || ch === '\t') {
      if (word !== undefined) out.push(word)
      word = undefined
    } else {
      word = (word ?? '') + ch
    }
  }
  if (word !== undefined) out.push(word)
  return out
}

/** `seq LAST` or `seq FIRST LAST`, for bulk output. */
function seq(args: readonly string[]): string[] {
  const numbers = args.map(Number)
  const [first, last] = numbers.length >= 2 ? [numbers[0] ?? 1, numbers[1] ?? 1] : [1, numbers[0] ?? 1]
  if (!Number.isInteger(first) || !Number.isInteger(last))
    return [`seq: invalid floating point argument: '${args.join(' ')}'`]
  const out: string[] = []
  for (let i = first; i <= last && out.length < 1_000_000; i++) out.push(String(i))
  return out
}
