import { EventEmitter } from 'node:events'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

import { manifestOf } from '../../shared/ipc/contract'
import type { Contract } from '../../shared/ipc/domain'
import type { StreamFrame } from '../../shared/ipc/stream'
import { CHANNEL_PREFIX, WIRE } from '../../shared/ipc/wire'
import { appUrlCheck } from '../app/origins'
import { ElectronTransport } from './electron-transport'
import { IpcRouter } from './router'

/** `ipcMain` as a recorder: what the transport registered, so that the test can play Electron's part. */
const electron = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => unknown
  const handlers = new Map<string, Listener>()
  const listeners = new Map<string, Set<Listener>>()
  return {
    handlers,
    listeners,
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
        handlers.set(channel, handler)
      },
      removeHandler: (channel: string) => handlers.delete(channel),
      on: (channel: string, listener: Listener) => {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
      },
      off: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
    },
  }
})
vi.mock('electron', () => ({ ipcMain: electron.ipcMain }))

const contract = {
  invoke: {
    'test:echo': { request: z.object({ text: z.string() }).strict(), response: z.string() },
    'test:wait': { request: z.object({}).strict(), response: z.null(), cancellable: true },
  },
  events: { 'test:tick': z.number() },
  streams: { 'test:source': { open: z.object({}).strict(), up: z.unknown(), down: z.unknown() } },
} as const satisfies Contract

class FakeContents extends EventEmitter {
  static next = 1
  readonly id = FakeContents.next++
  destroyed = false
  readonly sent: unknown[][] = []
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

class FakePort extends EventEmitter {
  readonly posted: StreamFrame[] = []
  closed = false
  start(): void {}
  postMessage(frame: StreamFrame): void {
    this.posted.push(frame)
  }
  close(): void {
    this.closed = true
  }
}

interface Frame {
  url: string
  parent: object | null
}
const top = (url = 'app://pvedesk/index.html'): Frame => ({ url, parent: null })

let router: IpcRouter<typeof contract>
let transport: ElectronTransport
let waits: AbortSignal[]
let opened: number

function setUp(devUrl?: string): void {
  waits = []
  opened = 0
  router = new IpcRouter<typeof contract>(
    {
      'test:echo': ({ text }) => text,
      'test:wait': (_r, { signal }) => {
        waits.push(signal)
        return new Promise<null>(() => undefined)
      },
    },
    undefined,
    {
      contract,
      streams: {
        'test:source': () => {
          opened++
        },
      },
    },
  )
  transport = new ElectronTransport(router, appUrlCheck(devUrl), manifestOf(contract))
}

function invoke(
  contents: FakeContents,
  frame: Frame | null,
  channel: string,
  ...args: unknown[]
): Promise<unknown> {
  const handler = electron.handlers.get(CHANNEL_PREFIX + channel)
  if (handler === undefined) throw new Error(`no handler for ${channel}`)
  return Promise.resolve(handler({ sender: contents, senderFrame: frame }, ...args))
}

function emit(channel: string, event: Record<string, unknown>, ...args: unknown[]): Record<string, unknown> {
  for (const listener of electron.listeners.get(channel) ?? []) listener(event, ...args)
  return event
}

const untrusted = { ok: false, error: { code: 'invalid_request', message: 'untrusted sender' } }
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('ElectronTransport sender checks', () => {
  beforeEach(() => {
    setUp()
  })
  afterEach(() => {
    transport.dispose()
    router.dispose()
  })

  it('answers our own top frame at app://pvedesk, and gives the preload the channel names', async () => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    expect(await invoke(contents, top(), 'test:echo', { text: 'hi' })).toEqual({ ok: true, value: 'hi' })
    expect(emit(WIRE.manifest, { sender: contents, senderFrame: top() }).returnValue).toEqual(
      manifestOf(contract),
    )
  })

  it.each([
    ['a look-alike host', top('app://pvedesk.evil/index.html')],
    ['another app:// host', top('app://evil/index.html')],
    ['a port on our host', top('app://pvedesk:8080/index.html')],
    ['credentials in the URL', top('app://user@pvedesk/index.html')],
    ['a web page', top('https://evil.example/')],
    ['a file', top('file:///tmp/index.html')],
    ['a dev-server URL without a dev server', top('http://localhost:5173/')],
    ['a subframe of our page', { url: 'app://pvedesk/index.html', parent: {} }],
    ['a frame already gone', null],
  ])('refuses %s, without calling the handler', async (_what, frame) => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    expect(await invoke(contents, frame, 'test:wait', {})).toEqual(untrusted)
    expect(waits).toEqual([])
  })

  it('refuses a WebContents it never trusted, and one destroyed', async () => {
    const stranger = new FakeContents()
    expect(await invoke(stranger, top(), 'test:echo', { text: 'x' })).toEqual(untrusted)
    const contents = new FakeContents()
    transport.trust(contents as never)
    contents.destroy()
    expect(await invoke(contents, top(), 'test:echo', { text: 'x' })).toEqual(untrusted)
  })

  it('ignores subscriptions, cancels and streams from an untrusted frame', () => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    const evil = top('app://pvedesk.evil/')
    emit(WIRE.subscribe, { sender: contents, senderFrame: evil }, 'test:tick')
    expect(router.subscriberCount('test:tick')).toBe(0)
    const port = new FakePort()
    emit(
      WIRE.stream,
      { sender: contents, senderFrame: evil, ports: [port] },
      { channel: 'test:source', request: {} },
    )
    expect(port.closed).toBe(true)
    expect(port.posted).toEqual([])
    expect(opened).toBe(0)
    emit(WIRE.subscribe, { sender: contents, senderFrame: top() }, 'test:tick')
    expect(router.subscriberCount('test:tick')).toBe(1)
    router.publish('test:tick', 3)
    expect(contents.sent).toEqual([[WIRE.event, 'test:tick', 3]])
  })

  it('cancels a call when the same frame asks, not when another does', async () => {
    const contents = new FakeContents()
    const other = new FakeContents()
    transport.trust(contents as never)
    transport.trust(other as never)
    const pending = invoke(contents, top(), 'test:wait', {}, 5)
    await flush()
    emit(WIRE.cancel, { sender: other, senderFrame: top() }, 5)
    emit(WIRE.cancel, { sender: contents, senderFrame: top('app://pvedesk.evil/') }, 5)
    await flush()
    expect(waits[0]?.aborted).toBe(false)
    emit(WIRE.cancel, { sender: contents, senderFrame: top() }, 5)
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } })
  })

  it('opens a stream over the port the preload handed over, and ends it when the port closes', async () => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    const port = new FakePort()
    emit(
      WIRE.stream,
      { sender: contents, senderFrame: top(), ports: [port] },
      { channel: 'test:source', request: {} },
    )
    await flush()
    expect(port.posted).toEqual([{ t: 'opened' }])
    expect(router.openCount(`wc:${contents.id}`).streams).toBe(1)
    port.emit('close')
    expect(router.openCount(`wc:${contents.id}`).streams).toBe(0)
  })

  it('ends what a page opened when it navigates away or its WebContents is destroyed', async () => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    const first = invoke(contents, top(), 'test:wait', {})
    const port = new FakePort()
    emit(
      WIRE.stream,
      { sender: contents, senderFrame: top(), ports: [port] },
      { channel: 'test:source', request: {} },
    )
    await flush()
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(port.closed).toBe(true)

    const second = invoke(contents, top(), 'test:wait', {})
    await flush()
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    contents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false })
    expect(waits[1]?.aborted).toBe(false)
    contents.destroy()
    expect(await second).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(router.senderCount).toBe(0)
  })

  it('removes every handler and listener it registered when disposed', () => {
    transport.dispose()
    expect([...electron.handlers.keys()]).toEqual([])
    expect([...electron.listeners.values()].every((set) => set.size === 0)).toBe(true)
  })
})

describe('ElectronTransport with a development server', () => {
  beforeEach(() => {
    setUp('http://localhost:5173')
  })
  afterEach(() => {
    transport.dispose()
    router.dispose()
  })

  it.each(['http://localhost:5173.evil.com/', 'http://localhost:51730/', 'https://localhost:5173/'])(
    'compares the origin exactly: refuses %s',
    async (url) => {
      const contents = new FakeContents()
      transport.trust(contents as never)
      expect(await invoke(contents, top(url), 'test:echo', { text: 'x' })).toEqual(untrusted)
    },
  )

  it('answers the development server itself', async () => {
    const contents = new FakeContents()
    transport.trust(contents as never)
    expect(
      await invoke(contents, top('http://localhost:5173/src/main.tsx'), 'test:echo', { text: 'x' }),
    ).toEqual({
      ok: true,
      value: 'x',
    })
  })
})
