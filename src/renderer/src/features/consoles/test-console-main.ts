// Test-only: a fake of main's console service behind a fake window.pveDesk, as the renderer's tests need it.
// No product module imports this file.
import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { ConsoleEvent } from '../../../../shared/ipc/domains/console'
import type { AppErrorShape } from '../../../../shared/ipc/errors'
import type { ConsoleControl, ConsoleInfo } from '../../../../shared/model/console'
import type { ConsoleStream } from './console-attacher'

/** One stream as the fake main holds it: what the renderer sent, and levers to answer. */
export class FakeStream implements ConsoleStream {
  readonly sent: (Uint8Array | ConsoleControl)[] = []
  closed = false
  paused = false
  /** How many more sends are answered true; then false until `drain()`. */
  credit = Infinity
  private readonly messages = new Set<(m: Uint8Array) => void>()
  private readonly drains = new Set<() => void>()
  private readonly closes = new Set<(e: AppErrorShape | undefined) => void>()

  constructor(
    readonly window: string,
    private readonly onClosed: (stream: FakeStream) => void,
  ) {}

  send(message: Uint8Array | ConsoleControl): boolean {
    this.sent.push(message)
    this.credit--
    return this.credit >= 0
  }
  onMessage(listener: (m: Uint8Array) => void): () => void {
    this.messages.add(listener)
    return () => this.messages.delete(listener)
  }
  onDrain(listener: () => void): () => void {
    this.drains.add(listener)
    return () => this.drains.delete(listener)
  }
  onClose(listener: (e: AppErrorShape | undefined) => void): () => void {
    this.closes.add(listener)
    return () => this.closes.delete(listener)
  }
  pause(): void {
    this.paused = true
  }
  resume(): void {
    this.paused = false
  }
  close(): void {
    this.end(undefined)
  }
  /** Main sends bytes. */
  push(bytes: Uint8Array): void {
    for (const l of [...this.messages]) l(bytes)
  }
  drain(credit = Infinity): void {
    this.credit = credit
    for (const l of [...this.drains]) l()
  }
  /** The stream ends (main ended it with `error`, or the renderer closed it). */
  end(error: AppErrorShape | undefined): void {
    if (this.closed) return
    this.closed = true
    for (const l of [...this.closes]) l(error)
    this.onClosed(this)
  }
}

export const consoleInfo = (patch: Partial<ConsoleInfo> = {}): ConsoleInfo => ({
  consoleId: 'k1',
  clusterId: 'c1',
  target: { type: 'lxc', node: 'n1', vmid: 200 },
  kind: 'terminal',
  guestName: 'ct-web',
  site: 'Km4',
  state: 'connected',
  since: 1,
  openedAt: 1,
  user: 'root@pam',
  attached: false,
  reconnects: 0,
  ...patch,
})

/**
 * Main's side of consoles for several "windows" of one test (each window is a name; the renderer under test
 * uses `window.pveDesk` as the window `current`): one attachment per console, a second attach ends the first
 * with `conflict`/`moved`, and every attached change is published as `console:changed`.
 */
export class FakeConsoleMain {
  readonly consoles = new Map<string, ConsoleInfo>()
  readonly streams: FakeStream[] = []
  readonly calls: { method: string; request: unknown }[] = []
  private readonly listeners = new Set<(e: ConsoleEvent) => void>()
  private readonly holders = new Map<string, FakeStream>()
  current = 'workspace'
  refuseAttach: AppErrorShape | undefined

  add(info: ConsoleInfo): void {
    this.consoles.set(info.consoleId, info)
  }

  /** Changes a console as main would, and says so. */
  change(consoleId: string, patch: Partial<ConsoleInfo>): void {
    const info = { ...(this.consoles.get(consoleId) as ConsoleInfo), ...patch }
    this.consoles.set(consoleId, info)
    for (const l of [...this.listeners]) l({ kind: 'changed', console: info })
  }

  holder(consoleId: string): FakeStream | undefined {
    return this.holders.get(consoleId)
  }

  api(): PveDeskApi {
    const ok = <T>(value: T): Promise<{ ok: true; value: T }> => Promise.resolve({ ok: true, value })
    const api = {
      onConsoleChanged: (listener: (e: ConsoleEvent) => void) => {
        this.listeners.add(listener)
        return () => this.listeners.delete(listener)
      },
      consoleList: () => ok([...this.consoles.values()]),
      consoleReconnect: (request: { consoleId: string }) => {
        this.calls.push({ method: 'reconnect', request })
        const info = this.consoles.get(request.consoleId) as ConsoleInfo
        this.change(request.consoleId, {
          state: 'connecting',
          since: info.since + 1,
          reconnects: info.reconnects + 1,
        })
        return ok(this.consoles.get(request.consoleId))
      },
      consoleClose: (request: { consoleId: string }) => {
        this.calls.push({ method: 'close', request })
        this.holders.get(request.consoleId)?.end(undefined)
        this.consoles.delete(request.consoleId)
        for (const l of [...this.listeners]) l({ kind: 'removed', consoleId: request.consoleId })
        return ok(null)
      },
      openConsoleAttach: (request: { consoleId: string }) => {
        this.calls.push({ method: 'attach', request: { ...request, window: this.current } })
        if (this.refuseAttach !== undefined) return Promise.resolve({ ok: false, error: this.refuseAttach })
        const previous = this.holders.get(request.consoleId)
        const stream = new FakeStream(this.current, (s) => {
          if (this.holders.get(request.consoleId) !== s) return
          this.holders.delete(request.consoleId)
          if (this.consoles.has(request.consoleId)) this.change(request.consoleId, { attached: false })
        })
        this.holders.set(request.consoleId, stream)
        this.streams.push(stream)
        previous?.end({ code: 'conflict', message: 'attached elsewhere', detail: { reason: 'moved' } })
        this.change(request.consoleId, { attached: true })
        return ok(stream)
      },
    }
    // Only the console calls; the rest of the API is never reached by these tests.
    return api as unknown as PveDeskApi
  }
}
