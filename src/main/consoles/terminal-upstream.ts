import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
import type { ConsoleEndpoint } from '../pve/pve-client'
import type { ConsoleUpstream, UpstreamClose } from './bridged-upstream'
import { BridgedUpstream } from './bridged-upstream'
import { consoleBase, STARTUP_OUTPUT_BYTES, taskOutcome, unavailableAtStart } from './console-endpoint'
import type { ConsoleUpstreamOptions } from './console-socket'
import { batchOptions, openConsoleSocket } from './console-socket'
import type { UpstreamSocket } from './upstream-socket'
import { MAX_CLIENT_FRAME } from './upstream-socket'

export type { ConsoleUpstream, UpstreamClose } from './bridged-upstream'
export type { ConsoleUpstreamOptions } from './console-socket'

export interface TerminalUpstream extends ConsoleUpstream {
  /** Tells termproxy the terminal's size (`1:<cols>:<rows>:`); false as `write` says it. */
  resize(cols: number, rows: number): boolean
}

export const PING_MS = 30_000
/** How long a terminal PVE closed waits for its task's outcome (why it closed) before it says it closed. */
export const OUTCOME_DEADLINE_MS = 2_000

/** Room for the `0:<len>:` header inside one client frame. */
const MAX_INPUT_CHUNK = MAX_CLIENT_FRAME - 32

/**
 * Opens a terminal (node shell, container console, VM serial port) over termproxy, pve-protocol.md §5a:
 * `POST …/termproxy`, the websocket on the same endpoint, the line `<user>:<ticket>\n`, then `OK`.
 */
export async function openTerminalUpstream(
  endpoint: ConsoleEndpoint,
  target: ConsoleTarget,
  options: ConsoleUpstreamOptions,
): Promise<TerminalUpstream> {
  const { socket, rest, answer } = await openConsoleSocket(
    endpoint,
    target,
    {
      kind: 'terminal',
      // A VM's serial port: the one PVE chooses by default (the display's serial, else the first one).
      path: `${consoleBase(target)}/termproxy`,
      answers: 'termproxy',
      endedBefore: 'no OK from termproxy',
      handshake: async (read, send, answer) => {
        // termproxy checks the user (or token id) it was opened for and the ticket, then answers `OK` or closes.
        send(`${answer.user}:${answer.ticket}\n`)
        const ok = await read(2)
        if (ok.toString('latin1') !== 'OK')
          throw new AppError({ code: 'bad_response', message: 'termproxy did not answer OK' })
      },
    },
    options,
  )
  return new TermproxyUpstream(socket, rest, options, { endpoint, target, upid: answer.upid })
}

/** Where a terminal's task is read when PVE closes it. */
interface TerminalTask {
  endpoint: ConsoleEndpoint
  target: ConsoleTarget
  upid: string | undefined
}

/** A terminal after `OK`: frames input and resizes, pings, and batches the output. */
class TermproxyUpstream extends BridgedUpstream implements TerminalUpstream {
  private readonly ping: ReturnType<typeof setInterval>
  /** A guest's first output, while it stays short: where `qm terminal` says why it could not start. */
  private startup: Buffer[] | undefined
  private startupBytes = 0
  /** Aborts reading the task's outcome (dispose, or its deadline). */
  private readonly outcome = new AbortController()

  constructor(
    socket: UpstreamSocket,
    first: Uint8Array,
    options: ConsoleUpstreamOptions,
    private readonly task: TerminalTask,
  ) {
    super(socket, batchOptions(options), first.length > 0 ? first : undefined)
    // A node shell's output is the user's: only a guest's is looked at.
    if (task.target.type !== 'node') this.startup = []
    this.keep(first)
    this.startReading((data) => {
      this.keep(data)
      this.output(data)
    })
    this._register({
      dispose: () => {
        this.outcome.abort()
      },
    })
    this.ping = setInterval(() => {
      this.socket.send('2')
    }, options.pingMs ?? PING_MS)
  }

  /**
   * Typed bytes as `0:<byte length>:<bytes>`, each write whole in one message (a character split across two
   * writes is two correct messages: termproxy hands bytes to the PTY as they come). A long paste goes as
   * several messages under pveproxy's 128 KiB, cut between UTF-8 characters.
   */
  override write(data: Uint8Array): boolean {
    let writable = this.socket.writable
    let offset = 0
    while (offset < data.length) {
      let end = Math.min(data.length, offset + MAX_INPUT_CHUNK)
      // Back off from a continuation byte (10xxxxxx) so that no character is cut in two.
      if (end < data.length) {
        let cut = end
        while (cut > offset && ((data[cut] ?? 0) & 0xc0) === 0x80) cut--
        if (cut > offset) end = cut
      }
      const chunk = data.subarray(offset, end)
      const header = Buffer.from(`0:${chunk.length}:`, 'latin1')
      writable = this.socket.send(Buffer.concat([header, chunk]))
      offset = end
    }
    return writable
  }

  resize(cols: number, rows: number): boolean {
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1)
      return this.socket.writable
    return this.socket.send(`1:${cols}:${rows}:`)
  }

  private keep(data: Uint8Array): void {
    if (this.startup === undefined || data.length === 0) return
    this.startupBytes += data.length
    if (this.startupBytes > STARTUP_OUTPUT_BYTES) this.startup = undefined
    else this.startup.push(Buffer.from(data))
  }

  /**
   * PVE closed the terminal: a console that never was (a VM without a serial port, a guest not running) says
   * so, from its task's outcome read within {@link OUTCOME_DEADLINE_MS}; an ordinary end (`exit`) stays one.
   */
  protected override socketEnded(close: UpstreamClose): void {
    clearInterval(this.ping)
    if (close.reason !== 'remote') {
      this.end(close)
      return
    }
    const output = this.startup === undefined ? undefined : Buffer.concat(this.startup).toString('utf8')
    const { endpoint, target, upid } = this.task
    const signal = this.outcome.signal
    const deadline = setTimeout(() => {
      this.outcome.abort()
    }, OUTCOME_DEADLINE_MS)
    void taskOutcome(endpoint, upid, target.node, signal)
      .catch(() => undefined)
      .then((outcome) => {
        clearTimeout(deadline)
        const error = unavailableAtStart(outcome, output)
        this.end(error === undefined ? close : { reason: 'failed', error: error.toShape() })
      })
  }

  protected override onEnded(): void {
    clearInterval(this.ping)
  }
}
