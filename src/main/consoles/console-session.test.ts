import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { AppError } from '../../shared/ipc/errors'
import { AppError as AppErrorClass } from '../../shared/ipc/errors'
import { Emitter } from '../../shared/lifecycle'
import type { ConsoleControl, ConsoleInfo, ConsoleRecord, ConsoleTarget } from '../../shared/model/console'
import type {
  ConsolePort,
  ConsoleSessionOptions,
  SessionUpstream,
  SessionUpstreamClose,
} from './console-session'
import { ConsoleSession } from './console-session'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const read = (chunks: readonly Uint8Array[]): string =>
  chunks.map((c) => new TextDecoder().decode(c)).join('')
const RESET = '\u001bc'

class FakeUpstream implements SessionUpstream {
  private readonly data = new Emitter<Uint8Array>()
  private readonly closed = new Emitter<SessionUpstreamClose>()
  private readonly writeDrain = new Emitter<void>()
  readonly onData = this.data.event
  readonly onClose = this.closed.event
  readonly onWriteDrain = this.writeDrain.event
  readonly written: string[] = []
  readonly sizes: [number, number][] = []
  paused = false
  disposed = false
  /** False: PVE does not take input as fast as it comes (more than 1 MiB waits to be written). */
  writable = true
  write(data: Uint8Array): boolean {
    this.written.push(new TextDecoder().decode(data))
    return this.writable
  }
  /** What waited was written: input may come again. */
  drainWrites(): void {
    this.writable = true
    this.writeDrain.fire()
  }
  pause(): void {
    this.paused = true
  }
  resume(): void {
    this.paused = false
  }
  resize(cols: number, rows: number): boolean {
    this.sizes.push([cols, rows])
    return this.writable
  }
  dispose(): void {
    this.disposed = true
  }
  output(s: string): void {
    this.data.fire(text(s))
  }
  end(close: SessionUpstreamClose): void {
    this.closed.fire(close)
  }
}

interface FakePort {
  port: ConsolePort
  sent: Uint8Array[]
  /** undefined while open; null when ended without an error. */
  ended: () => AppError | null | undefined
  type(message: Uint8Array | ConsoleControl): void
  /** The renderer stops granting credit (send answers false) or grants it again. */
  full(value: boolean): void
  drain(): void
  goAway(): void
  /** Whether main stopped taking the renderer's input (port.pause), holding the renderer back. */
  inputPaused(): boolean
}

function fakePort(): FakePort {
  const controller = new AbortController()
  const drain = new Emitter<void>()
  const messages = new Emitter<Uint8Array | ConsoleControl>()
  const sent: Uint8Array[] = []
  let ended: AppError | null | undefined
  let full = false
  let inputPaused = false
  return {
    port: {
      signal: controller.signal,
      send: (message) => {
        if (controller.signal.aborted) return false
        sent.push(message)
        return !full
      },
      queuedBytes: 0,
      onDrain: drain.event,
      onMessage: messages.event,
      pause: () => (inputPaused = true),
      resume: () => (inputPaused = false),
      close: (error) => {
        if (controller.signal.aborted) return
        ended = error ?? null
        controller.abort()
      },
    },
    sent,
    ended: () => ended,
    type: (message) => messages.fire(message),
    full: (value) => (full = value),
    drain: () => drain.fire(),
    goAway: () => controller.abort(),
    inputPaused: () => inputPaused,
  }
}

interface Harness {
  session: ConsoleSession
  upstreams: FakeUpstream[]
  records: ConsoleRecord[]
  infos: ConsoleInfo[]
  /** Resolves the connection under way with a new fake upstream (or fails it). */
  connect(user?: string): Promise<FakeUpstream>
  fail(error: AppError): Promise<void>
  connects: number
}

const node: ConsoleTarget = { type: 'node', node: 'km4-pve1' }
const ct: ConsoleTarget = { type: 'lxc', node: 'km4-pve1', vmid: 110 }
const vm: ConsoleTarget = { type: 'qemu', node: 'km4-pve1', vmid: 101 }

function harness(overrides: Partial<ConsoleSessionOptions> = {}): Harness {
  const upstreams: FakeUpstream[] = []
  const records: ConsoleRecord[] = []
  const infos: ConsoleInfo[] = []
  const waiting: { resolve: (u: FakeUpstream) => void; reject: (e: unknown) => void }[] = []
  const h: Harness = {
    session: undefined as unknown as ConsoleSession,
    upstreams,
    records,
    infos,
    connects: 0,
    connect: async (user = 'root@pam') => {
      const next = waiting.shift()
      if (next === undefined) throw new Error('no connection under way')
      const upstream = new FakeUpstream()
      upstreams.push(upstream)
      next.resolve(Object.assign(upstream, { user }))
      await Promise.resolve()
      await Promise.resolve()
      return upstream
    },
    fail: async (error) => {
      waiting.shift()?.reject(error)
      await Promise.resolve()
      await Promise.resolve()
    },
  }
  let lastUser = 'root@pam'
  h.session = new ConsoleSession({
    consoleId: 'c1',
    clusterId: 'ace-prod',
    target: ct,
    kind: 'terminal',
    guestName: 'proxy-ct',
    site: 'Koumassi 4',
    user: 'root@pam',
    connect: () => {
      h.connects++
      return new Promise((resolve, reject) => {
        waiting.push({
          resolve: (upstream) => {
            lastUser = (upstream as FakeUpstream & { user: string }).user
            resolve({ upstream, user: lastUser })
          },
          reject,
        })
      })
    },
    record: (record) => records.push(record),
    clusterName: () => 'ACE production',
    localUser: 'noc',
    graceMs: 10_000,
    ...overrides,
  })
  h.session.onChanged((info) => infos.push(info))
  return h
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('a terminal console', () => {
  it('connects, keeps output while no window shows it, and replays it on attach before live output', async () => {
    const h = harness()
    h.session.start()
    expect(h.session.info.state).toBe('connecting')
    const upstream = await h.connect()
    expect(h.session.info).toMatchObject({ state: 'connected', attached: false, reconnects: 0 })
    upstream.output('root@proxy-ct:~# ')
    const window = fakePort()
    h.session.attach(window.port)
    expect(h.session.info.attached).toBe(true)
    upstream.output('ls\r\n')
    expect(read(window.sent)).toBe(`${RESET}root@proxy-ct:~# ls\r\n`)
    window.type(text('whoami\r'))
    window.type({ type: 'resize', cols: 120, rows: 40 })
    expect(upstream.written).toEqual(['whoami\r'])
    expect(upstream.sizes).toEqual([[120, 40]])
  })

  it('drops what is typed before it is connected instead of sending it later to a session that did not expect it', async () => {
    const h = harness()
    h.session.start()
    const window = fakePort()
    h.session.attach(window.port)
    window.type(text('secret\r'))
    window.type({ type: 'resize', cols: 100, rows: 30 })
    const upstream = await h.connect()
    expect(upstream.written).toEqual([])
    // The size is kept and told as soon as the terminal is there.
    expect(upstream.sizes).toEqual([[100, 30]])
  })

  it('moves to a second window: the first stream ends with conflict (moved), the second gets the screen', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const first = fakePort()
    h.session.attach(first.port)
    upstream.output('hello\r\n')
    const second = fakePort()
    h.session.attach(second.port)
    expect(first.ended()).toMatchObject({ code: 'conflict', detail: { reason: 'moved' } })
    expect(read(second.sent)).toBe(`${RESET}hello\r\n`)
    first.type(text('from the old window'))
    second.type(text('x'))
    expect(upstream.written).toEqual(['x'])
    expect(h.session.info.attached).toBe(true)
  })

  it('holds PVE back while the window has no credit, and reads again when it drains', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    window.full(true)
    upstream.output('a lot')
    expect(upstream.paused).toBe(true)
    window.full(false)
    window.drain()
    expect(upstream.paused).toBe(false)
  })

  it('holds the window’s input back while PVE does not take it, and takes it again once written', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    window.type(text('a'))
    expect(window.inputPaused()).toBe(false)
    upstream.writable = false // a stalled node: more than 1 MiB waits to be written to it
    window.type(text('a long paste'))
    expect(upstream.written).toEqual(['a', 'a long paste']) // taken, never lost
    expect(window.inputPaused()).toBe(true)
    upstream.drainWrites()
    expect(window.inputPaused()).toBe(false)
    // A resize that finds PVE's side full holds the input back too.
    upstream.writable = false
    window.type({ type: 'resize', cols: 90, rows: 30 })
    expect(window.inputPaused()).toBe(true)
    upstream.drainWrites()
    expect(window.inputPaused()).toBe(false)
  })

  it('a connection that ends while the input is held back does not keep the window held', async () => {
    const h = harness()
    h.session.start()
    const first = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    first.writable = false
    window.type(text('x'))
    expect(window.inputPaused()).toBe(true)
    h.session.reconnect()
    expect(window.inputPaused()).toBe(false)
    const second = await h.connect()
    window.type(text('y'))
    expect(second.written).toEqual(['y'])
    first.drainWrites() // the old connection's drain changes nothing any more
    expect(window.inputPaused()).toBe(false)
  })

  it('reads on into the ring when its window goes away paused (never holding PVE for nobody)', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    window.full(true)
    upstream.output('x')
    expect(upstream.paused).toBe(true)
    window.goAway()
    expect(upstream.paused).toBe(false)
    expect(h.session.info.attached).toBe(false)
  })

  it('closes as abandoned when no window attached within the grace period, and not before', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    window.goAway() // a reload: the stream ends…
    vi.advanceTimersByTime(9_000)
    const again = fakePort()
    h.session.attach(again.port) // …and the reloaded window attaches in time
    vi.advanceTimersByTime(60_000)
    expect(h.session.info.state).toBe('connected')
    again.goAway() // the window went away for good
    vi.advanceTimersByTime(9_999)
    expect(h.session.info.state).toBe('connected')
    vi.advanceTimersByTime(1)
    expect(h.session.info).toMatchObject({ state: 'closed', endReason: 'abandoned' })
    expect(upstream.disposed).toBe(true)
    expect(h.records.at(-1)?.endReason).toBe('abandoned')
    expect(typeof h.records.at(-1)?.connectedAt).toBe('number')
  })

  it('never attached at all: closes after the grace period too', async () => {
    const h = harness({ graceMs: 50 })
    h.session.start()
    await h.connect()
    vi.advanceTimersByTime(50)
    expect(h.session.info.endReason).toBe('abandoned')
  })

  it('ends with the reason PVE gave when the shell exits, its stream ended and a record of how', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    upstream.end({ reason: 'remote' })
    expect(h.session.info).toMatchObject({ state: 'closed', endReason: 'remote', attached: false })
    expect(window.ended()).toBeNull()
    expect(h.records).toHaveLength(2)
    expect(h.records[1]?.endReason).toBe('remote')
    expect(typeof h.records[1]?.endedAt).toBe('number')
    expect(() => h.session.attach(fakePort().port)).toThrow(/closed/)
  })

  it('a failed open closes with its error', async () => {
    const h = harness()
    h.session.start()
    await h.fail(
      new AppErrorClass({
        code: 'console_unavailable',
        message: 'unable to find a serial interface',
        detail: { reason: 'no_serial' },
      }),
    )
    expect(h.session.info).toMatchObject({
      state: 'closed',
      endReason: 'failed',
      error: { code: 'console_unavailable', detail: { reason: 'no_serial' } },
    })
    expect(h.records[1]).toMatchObject({ endReason: 'failed', error: { code: 'console_unavailable' } })
  })

  it('reconnects in the same console: a new upstream, a new record, reconnects + 1, the screen kept', async () => {
    const h = harness()
    h.session.start()
    const first = await h.connect()
    first.output('before\r\n')
    first.end({ reason: 'lost' })
    h.session.reconnect()
    expect(h.session.info).toMatchObject({ state: 'connecting', reconnects: 1 })
    expect(h.session.info.endReason).toBeUndefined()
    const second = await h.connect()
    expect(h.session.info.state).toBe('connected')
    second.output('after\r\n')
    const window = fakePort()
    h.session.attach(window.port)
    expect(read(window.sent)).toBe(`${RESET}before\r\nafter\r\n`)
    const openings = h.records.filter((r) => r.endedAt === undefined)
    expect(openings).toHaveLength(2)
    expect(openings[1]?.openedAt).toBeGreaterThan(openings[0]?.openedAt ?? Infinity)
  })

  it('a reconnect of an open console ends the current connection first', async () => {
    const h = harness()
    h.session.start()
    const first = await h.connect()
    h.session.reconnect()
    expect(first.disposed).toBe(true)
    expect(h.records[1]).toMatchObject({ endReason: 'user' })
    await h.connect()
    expect(h.session.info.state).toBe('connected')
  })

  it('a state change is always a later `since`, so a window can tell one from the next', async () => {
    const h = harness()
    h.session.start()
    await h.connect()
    h.session.reconnect()
    const sinces = h.infos.map((i) => i.since)
    for (let i = 1; i < sinces.length; i++) expect(sinces[i]).toBeGreaterThanOrEqual(sinces[i - 1] ?? 0)
    const states = h.infos.filter((info, i) => i === 0 || h.infos[i - 1]?.state !== info.state)
    const distinct = new Set(states.map((s) => s.since))
    expect(distinct.size).toBe(states.length)
  })
})

describe('a node shell', () => {
  it('warns of a login prompt unless PVE runs it as root@pam', async () => {
    const h = harness({ target: node, user: 'noc@pve' })
    h.session.start()
    expect(h.session.info.notice).toBe('login_prompt')
    await h.connect('noc@pve')
    expect(h.session.info).toMatchObject({ user: 'noc@pve', notice: 'login_prompt' })
    const root = harness({ target: node, user: 'root@pam' })
    root.session.start()
    await root.connect('root@pam')
    expect(root.session.info.notice).toBeUndefined()
    const token = harness({ target: node, user: 'root@pam!desk' })
    token.session.start()
    await token.connect('root@pam!desk')
    expect(token.session.info.notice).toBe('login_prompt')
  })
})

describe('a VNC screen', () => {
  it('gives the first window the first connection, and every later window a fresh one', async () => {
    const h = harness({ target: vm, kind: 'vnc' })
    h.session.start()
    const first = await h.connect()
    const a = fakePort()
    h.session.attach(a.port)
    first.output('RFB 003.008\n')
    expect(read(a.sent)).toBe('RFB 003.008\n')
    a.type(text('client init'))
    expect(first.written).toEqual(['client init'])
    a.goAway()
    expect(first.disposed).toBe(true)
    expect(h.session.info).toMatchObject({ state: 'connected', attached: false })
    const b = fakePort()
    h.session.attach(b.port)
    expect(h.connects).toBe(2)
    // A window taking the screen is not a reconnect of the console.
    expect(h.session.info).toMatchObject({ state: 'connecting', reconnects: 0, attached: true })
    b.type(text('too early'))
    const second = await h.connect()
    second.output('RFB 003.008\n')
    expect(read(b.sent)).toBe('RFB 003.008\n')
    expect(second.written).toEqual([])
    expect(h.records.filter((r) => r.endedAt === undefined)).toHaveLength(2)
    expect(h.records.find((r) => r.endedAt !== undefined)).toMatchObject({ endReason: 'moved' })
  })

  it('holds a window’s RFB input back while PVE does not take it', async () => {
    const h = harness({ target: vm, kind: 'vnc' })
    h.session.start()
    const upstream = await h.connect()
    const a = fakePort()
    h.session.attach(a.port)
    upstream.writable = false
    a.type(text('pointer events'))
    expect(a.inputPaused()).toBe(true)
    upstream.drainWrites()
    expect(a.inputPaused()).toBe(false)
  })

  it('moved to another window: the first one’s RFB ends, the new window gets its own', async () => {
    const h = harness({ target: vm, kind: 'vnc' })
    h.session.start()
    const first = await h.connect()
    const a = fakePort()
    h.session.attach(a.port)
    const b = fakePort()
    h.session.attach(b.port)
    expect(a.ended()).toMatchObject({ code: 'conflict', detail: { reason: 'moved' } })
    expect(first.disposed).toBe(true)
    const second = await h.connect()
    second.output('RFB')
    expect(read(b.sent)).toBe('RFB')
    expect(read(a.sent)).toBe('')
    // In the record, the first connection ended because the screen moved, not because the user closed it;
    // the console was not reconnected (the user's Reconnect is what counts).
    const ends = h.records.filter((r) => r.endedAt !== undefined)
    expect(ends.map((r) => r.endReason)).toEqual(['moved'])
    expect(h.session.info).toMatchObject({ state: 'connected', reconnects: 0, attached: true })
    expect(h.infos.every((i) => i.reconnects === 0)).toBe(true)
    // Put back: the detached window closes, the workspace takes the screen again: still no reconnect.
    b.goAway()
    const c = fakePort()
    h.session.attach(c.port)
    await h.connect()
    expect(h.records.filter((r) => r.endedAt !== undefined).map((r) => r.endReason)).toEqual([
      'moved',
      'moved',
    ])
    expect(h.session.info.reconnects).toBe(0)
    h.session.reconnect()
    expect(h.session.info.reconnects).toBe(1)
    expect(h.records.at(-2)?.endReason).toBe('user')
  })

  it('a reconnect ends the window’s stream: its RFB belonged to the connection that ended', async () => {
    const h = harness({ target: vm, kind: 'vnc' })
    h.session.start()
    await h.connect()
    const a = fakePort()
    h.session.attach(a.port)
    h.session.reconnect()
    expect(a.ended()).toBeNull()
    await h.connect()
    const b = fakePort()
    h.session.attach(b.port)
    expect(h.connects).toBe(2)
  })
})

describe('disposal', () => {
  it('ends the upstream, the stream and the timer, and records the end as app', async () => {
    const h = harness()
    h.session.start()
    const upstream = await h.connect()
    const window = fakePort()
    h.session.attach(window.port)
    window.goAway()
    h.session.dispose()
    expect(upstream.disposed).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    expect(h.records.at(-1)).toMatchObject({ endReason: 'app' })
  })

  it('an open still under way when disposed drops the upstream it gets', async () => {
    const h = harness()
    h.session.start()
    h.session.dispose()
    const late = await h.connect()
    expect(late.disposed).toBe(true)
  })
})
