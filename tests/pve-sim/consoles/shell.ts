// The simulated terminal behind termproxy: a login prompt for whoever is not root@pam on a node shell (PVE runs
// `/bin/login` for them), then a shell whose prompt names the node or the guest, with line editing (echo,
// backspace, Ctrl-C, Ctrl-D) and a few commands: hostname, whoami, echo, uptime, seq, clear, exit, and on
// nodes pveversion, qm list and pct list from the simulated state. Output is terminal bytes with CR LF.

export interface ShellEnv {
  /** What the prompt names: the node, or the guest's hostname. */
  hostname: string
  /** Node shells have the PVE tools. */
  node: boolean
  /** Whether to start at a login prompt (node shell of anyone but root@pam). */
  login: boolean
  checkLogin(user: string, password: string): boolean
  qmList(): string[]
  pctList(): string[]
  pveversion(): string
  uptime(): string
  write(text: string): void
  close(): void
}

type Mode = 'login' | 'password' | 'shell' | 'closed'

export class SimShell {
  private mode: Mode
  private line = ''
  private user = ''
  /** Pending part of an escape sequence (arrow keys and the like are ignored). */
  private escape = ''
  cols = 80
  rows = 24

  constructor(private readonly env: ShellEnv) {
    this.mode = env.login ? 'login' : 'shell'
  }

  /** The first output after `OK`: a banner and a prompt, or the login prompt. */
  start(): void {
    if (this.mode === 'login') {
      this.env.write(`\r\nDebian GNU/Linux 13 ${this.env.hostname} tty1\r\n\r\n${this.env.hostname} login: `)
      return
    }
    const banner = this.env.node
      ? `Linux ${this.env.hostname} x86_64\r\n\r\nThe programs included with the Debian GNU/Linux system are free software.\r\n`
      : ''
    this.env.write(`${banner}${this.prompt()}`)
  }

  private prompt(): string {
    return `root@${this.env.hostname}:~# `
  }

  resize(cols: number, rows: number): void {
    this.cols = cols
    this.rows = rows
  }

  input(data: string): void {
    for (const ch of data) {
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
      if (this.line.length === 0) return
      this.line = this.line.slice(0, -1)
      if (this.mode !== 'password') this.env.write('\b \b')
      return
    }
    if (ch === '\x03') {
      this.line = ''
      this.env.write(`^C\r\n${this.mode === 'shell' ? this.prompt() : `${this.env.hostname} login: `}`)
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
      this.user = line.trim()
      this.mode = 'password'
      this.env.write('Password: ')
      return
    }
    if (this.mode === 'password') {
      if (this.env.checkLogin(this.user, line)) {
        this.mode = 'shell'
        this.env.write(this.prompt())
      } else {
        this.mode = 'login'
        this.env.write(`\r\nLogin incorrect\r\n${this.env.hostname} login: `)
      }
      return
    }
    const output = this.run(line.trim())
    if (this.mode === 'closed') return
    this.env.write(`${output.map((l) => `${l}\r\n`).join('')}${this.prompt()}`)
  }

  private exit(): void {
    this.env.write('logout\r\n')
    this.mode = 'closed'
    this.env.close()
  }

  private run(line: string): string[] {
    if (line === '') return []
    const [command = '', ...args] = line.split(/\s+/)
    switch (command) {
      case 'hostname':
        return [this.env.hostname]
      case 'whoami':
        return ['root']
      case 'echo':
        return [args.join(' ')]
      case 'uptime':
        return [this.env.uptime()]
      case 'seq':
        return seq(args)
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
