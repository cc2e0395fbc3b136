import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

import type { Contract } from '../../shared/ipc/domain'
import { AppError } from '../../shared/ipc/errors'
import { bytes } from '../../shared/ipc/schemas'
import type { StreamFrame } from '../../shared/ipc/stream'
import { MAX_STREAM_MESSAGE, STREAM_WINDOW } from '../../shared/ipc/stream'
import { inMemoryRenderer } from '../../../tests/support/ipc-pair'

import { contract } from '../../shared/ipc/contract'
import type { ClusterSummary, FleetDelta } from '../../shared/model/fleet'
import { stubHandlers } from '../../../tests/support/handlers'
import type { Handlers } from './router'
import { IpcRouter, SENDER_LIMITS } from './router'
import type { StreamPort } from './stream-port'

const handlers = (): Handlers =>
  stubHandlers({
    'app:info': () => ({ version: '1', locale: 'fr-FR', host: 'browser' }),
    'fleet:get': () => ({ clusters: [] }),
    'cluster:refresh': vi.fn(() => null),
  })
const delta: FleetDelta = { clusterId: 'c1', seq: 1, upserts: [], removed: ['c1/qemu/100'] }

function attached(router: IpcRouter, id = 's1'): { sent: [string, unknown][]; detach: () => void } {
  const sent: [string, unknown][] = []
  const attachment = router.attach({ id, send: (event, payload) => sent.push([event, payload]) })
  return { sent, detach: () => attachment.dispose() }
}

describe('IpcRouter', () => {
  it('answers a valid request with the result envelope', async () => {
    const router = new IpcRouter(handlers())
    attached(router)
    expect(await router.invoke('s1', 'app:info', {})).toEqual({
      ok: true,
      value: { version: '1', locale: 'fr-FR', host: 'browser' },
    })
  })

  it.each([
    ['an unknown channel', 'shell:exec', {}],
    ['a channel name that is not a string', 42, {}],
    ['a prototype key', '__proto__', {}],
    ['a missing field', 'cluster:refresh', {}],
    ['a field of the wrong type', 'cluster:refresh', { clusterId: 7 }],
    ['an extra field', 'cluster:refresh', { clusterId: 'c1', command: 'rm -rf /' }],
    ['an oversized id', 'cluster:refresh', { clusterId: 'x'.repeat(65) }],
    ['no object at all', 'fleet:get', 'please'],
  ])('rejects %s with invalid_request, without calling any handler', async (_what, channel, request) => {
    const h = handlers()
    const router = new IpcRouter(h)
    attached(router)
    const result = await router.invoke('s1', channel, request)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(h['cluster:refresh']).not.toHaveBeenCalled()
  })

  it('rejects a sender it does not know (never attached, or gone)', async () => {
    const router = new IpcRouter(handlers())
    expect(await router.invoke('stranger', 'app:info', {})).toMatchObject({ ok: false })
    const { detach } = attached(router)
    detach()
    expect(await router.invoke('s1', 'app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    })
  })

  it('turns a thrown error into an error envelope with its code', async () => {
    const router = new IpcRouter({
      ...handlers(),
      'cluster:refresh': () => {
        throw new Error('boom')
      },
    })
    attached(router)
    expect(await router.invoke('s1', 'cluster:refresh', { clusterId: 'c1' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    })
  })

  it('sends events only to the senders subscribed to them, and none after they go away', () => {
    const router = new IpcRouter(handlers())
    const a = attached(router, 'a')
    const b = attached(router, 'b')
    expect(router.subscribe('a', 'fleet:delta')).toBe(true)
    expect(router.subscribe('a', 'not:an-event')).toBe(false)
    router.publish('fleet:delta', delta)
    expect(a.sent).toEqual([['fleet:delta', delta]])
    expect(b.sent).toEqual([])
    router.unsubscribe('a', 'fleet:delta')
    router.publish('fleet:delta', delta)
    expect(a.sent).toHaveLength(1)
    router.subscribe('b', 'fleet:delta')
    b.detach()
    router.publish('fleet:delta', delta)
    expect(b.sent).toEqual([])
    expect(router.subscriberCount('fleet:delta')).toBe(0)
    expect(router.senderCount).toBe(1)
  })
})

describe('IpcRouter: which calls a renderer may cancel', () => {
  it('declares only reads cancellable: probe, realms, test, guest reads, a task log, the panels', () => {
    const cancellable = Object.entries(contract.invoke)
      .filter(([, spec]) => 'cancellable' in spec)
      .map(([name]) => name)
    expect(cancellable.sort()).toEqual([
      'cluster:probe',
      'cluster:realms',
      'cluster:test',
      'dr:refresh',
      'guest:backupTargets',
      'guest:migrateCheck',
      'guest:snapshots',
      'panel:cluster',
      'panel:guestBackups',
      'panel:guestConfig',
      'panel:guestFirewall',
      'panel:guestHa',
      'panel:guestReplication',
      'panel:guestSummary',
      'panel:guestTasks',
      'panel:nodeCertificates',
      'panel:nodeDisks',
      'panel:nodeNetwork',
      'panel:nodeStorage',
      'panel:nodeSummary',
      'panel:nodeSyslog',
      'panel:nodeTasks',
      'panel:storage',
      'task:log',
    ])
  })

  it('ignores a cancel of cluster:save: the renderer is told what was saved, not `cancelled`', async () => {
    let finish: (summary: ClusterSummary) => void = () => undefined
    const summary: ClusterSummary = {
      id: 'c1',
      name: 'C1',
      readOnly: false,
      endpoints: [],
      hasCredential: true,
      sites: {},
      defaultSite: 'C1',
    }
    const router = new IpcRouter(
      stubHandlers({
        'cluster:save': () =>
          new Promise<ClusterSummary>((resolve) => {
            finish = resolve
          }),
      }),
    )
    attached(router)
    const cluster = {
      id: 'c1',
      name: 'C1',
      endpoints: [{ url: 'https://127.0.0.1:8006' }],
      auth: { kind: 'password', username: 'root@pam' },
    }
    const pending = router.invoke('s1', 'cluster:save', { cluster, secret: 'pw' }, 1)
    await flush()
    router.cancel('s1', 1)
    await flush()
    finish(summary)
    expect(await pending).toEqual({ ok: true, value: summary })
  })
})

/** A contract of our own, so that the router's streams and long calls are tested without test channels in the app. */
const testContract = {
  invoke: {
    'test:wait': { request: z.object({}).strict(), response: z.string(), cancellable: true },
    /** A cancellable call whose handler ignores its signal and never settles. */
    'test:hang': { request: z.object({}).strict(), response: z.string(), cancellable: true },
    /** A change (as cluster:save): not cancellable. */
    'test:commit': { request: z.object({}).strict(), response: z.string() },
    'test:echo': { request: z.object({ text: z.string() }).strict(), response: z.string() },
  },
  events: { 'test:tick': z.number() },
  streams: {
    'test:source': {
      open: z.object({ chunks: z.number().int().min(0), size: z.number().int().min(1) }).strict(),
      up: z.object({ ack: z.number() }).strict(),
      down: bytes,
    },
    'test:echo': {
      open: z.object({}).strict(),
      up: z.union([bytes, z.object({ text: z.string() })]),
      down: z.unknown(),
    },
  },
} as const satisfies Contract
type TestContract = typeof testContract

/** What the test's handlers saw, to prove that what a renderer opened ends with it. */
interface Seen {
  callSignals: AbortSignal[]
  streamSignals: AbortSignal[]
  /** How many chunks the source handler managed to hand over before send() said stop, per stream. */
  sentBeforeFull: number[]
  ports: StreamPort<unknown, unknown>[]
  /** Settles the pending test:commit calls, in order. */
  commits: ((value: string) => void)[]
}

function testRouter(options: { ignoreBackPressure?: boolean } = {}): {
  router: IpcRouter<TestContract>
  seen: Seen
} {
  const seen: Seen = { callSignals: [], streamSignals: [], sentBeforeFull: [], ports: [], commits: [] }
  const router = new IpcRouter<TestContract>(
    {
      'test:wait': (_req, { signal }) => {
        seen.callSignals.push(signal)
        // Never settles by itself: only cancellation ends it (it honours its signal).
        return new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
        })
      },
      'test:hang': () => new Promise<string>(() => undefined),
      'test:commit': (_req, { signal }) => {
        seen.callSignals.push(signal)
        return new Promise<string>((resolve) => seen.commits.push(resolve))
      },
      'test:echo': ({ text }) => text,
    },
    undefined,
    {
      contract: testContract,
      streams: {
        'test:source': ({ chunks, size }, port, { signal }) => {
          seen.streamSignals.push(signal)
          seen.ports.push(port)
          let sent = 0
          let stopped = false
          const pump = (): void => {
            while (sent < chunks && !signal.aborted) {
              const ok = port.send(new Uint8Array(size).fill(sent % 256))
              sent++
              if (!ok) {
                if (!stopped) seen.sentBeforeFull.push(sent)
                stopped = true
                if (!options.ignoreBackPressure) return
              }
            }
          }
          port.onDrain(pump)
          // As a console does: data comes from elsewhere, after the stream is open.
          setImmediate(pump)
        },
        'test:echo': (_req, port) => {
          if (seen.ports.length > 100) throw new AppError({ code: 'forbidden', message: 'no more' })
          seen.ports.push(port)
          port.onMessage((message) => port.send(message))
        },
      },
    },
  )
  return { router, seen }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await Promise.resolve()
}
/** Lets the handlers' pumps (macrotasks) and every frame (microtasks) run until nothing moves. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    await flush()
  }
}

describe('IpcRouter: long calls', () => {
  it('cancels a call by its id: the caller gets cancelled at once and the handler sees its signal abort', async () => {
    const { router, seen } = testRouter()
    router.attach({ id: 'r', send: () => undefined })
    const pending = router.invoke('r', 'test:wait', {}, 7)
    await flush()
    expect(router.openCount('r').calls).toBe(1)
    router.cancel('r', 7)
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'test:wait: cancelled' },
    })
    expect(seen.callSignals[0]?.aborted).toBe(true)
    expect(router.openCount('r').calls).toBe(0)
  })

  it('cancels through the bridge with a cancel function, as window.pveDesk hands it', async () => {
    const { router, seen } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const controller = new AbortController()
    let released = false
    const pending = renderer.api.testWait(
      {},
      {
        cancellation: (cancel) => {
          controller.signal.addEventListener('abort', cancel)
          return () => {
            released = true
          }
        },
      },
    )
    await flush()
    controller.abort()
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(seen.callSignals[0]?.aborted).toBe(true)
    expect(released).toBe(true)
  })

  it('refuses a call id that is not one, or one already in flight', async () => {
    const { router } = testRouter()
    router.attach({ id: 'r', send: () => undefined })
    void router.invoke('r', 'test:wait', {}, 1)
    expect(await router.invoke('r', 'test:echo', { text: 'x' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    })
    expect(await router.invoke('r', 'test:echo', { text: 'x' }, -3)).toMatchObject({ ok: false })
    expect(await router.invoke('r', 'test:echo', { text: 'x' }, 'one')).toMatchObject({ ok: false })
    expect(await router.invoke('r', 'test:echo', { text: 'x' }, 2)).toEqual({ ok: true, value: 'x' })
  })

  it('ignores a cancel of a change: the call runs to its end and answers what the handler did', async () => {
    const { router, seen } = testRouter()
    router.attach({ id: 'r', send: () => undefined })
    let answered = false
    const pending = router.invoke('r', 'test:commit', {}, 3).finally(() => {
      answered = true
    })
    await flush()
    router.cancel('r', 3)
    await flush()
    expect(answered).toBe(false)
    expect(seen.callSignals[0]?.aborted).toBe(false)
    seen.commits[0]?.('saved')
    expect(await pending).toEqual({ ok: true, value: 'saved' })
    expect(router.openCount('r').calls).toBe(0)
  })

  it('counts a cancelled call until its handler settles: invoke-then-cancel cannot pass the limit', async () => {
    const { router } = testRouter()
    router.attach({ id: 'r', send: () => undefined })
    const answers = []
    for (let i = 0; i < 300; i++) {
      const answer = router.invoke('r', 'test:hang', {}, i)
      router.cancel('r', i)
      answers.push(await answer)
    }
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code))
    expect(codes.slice(0, SENDER_LIMITS.calls).every((c) => c === 'cancelled')).toBe(true)
    expect(answers.slice(SENDER_LIMITS.calls)).toEqual(
      Array.from({ length: 300 - SENDER_LIMITS.calls }, () => ({
        ok: false,
        error: { code: 'invalid_request', message: 'test:hang: too many calls in flight' },
      })),
    )
    expect(router.openCount('r').calls).toBe(SENDER_LIMITS.calls)
  })

  it('limits the calls one renderer may have in flight', async () => {
    const { router } = testRouter()
    router.attach({ id: 'r', send: () => undefined })
    for (let i = 0; i < SENDER_LIMITS.calls; i++) void router.invoke('r', 'test:wait', {})
    await flush()
    expect(await router.invoke('r', 'test:echo', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: 'test:echo: too many calls in flight' },
    })
  })
})

describe('IpcRouter: what a renderer opened ends when it goes away', () => {
  it('aborts its calls, ends its streams and drops its subscriptions', async () => {
    const { router, seen } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const call = renderer.api.testWait({})
    const opened = await renderer.api.openTestSource({ chunks: 1000, size: 1024 })
    if (!opened.ok) throw new Error('not opened')
    const closes: unknown[] = []
    opened.value.onClose((e) => closes.push(e))
    renderer.api.onTestTick(() => undefined)
    await flush()
    expect(router.openCount('r1')).toEqual({ calls: 1, streams: 1, events: 1 })

    renderer.goAway()
    expect(await call).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(seen.callSignals.every((s) => s.aborted)).toBe(true)
    expect(seen.streamSignals.every((s) => s.aborted)).toBe(true)
    expect(router.openCount('r1')).toEqual({ calls: 0, streams: 0, events: 0 })
    expect(router.senderCount).toBe(0)
    router.publish('test:tick', 1)
    expect(renderer.events).toEqual([])
  })

  it('ends everything of every renderer when the router is disposed', async () => {
    const { router, seen } = testRouter()
    const a = inMemoryRenderer(router, testContract, 'a')
    const b = inMemoryRenderer(router, testContract, 'b')
    await a.api.openTestSource({ chunks: 0, size: 1 })
    await b.api.openTestSource({ chunks: 0, size: 1 })
    router.dispose()
    expect(seen.streamSignals).toHaveLength(2)
    expect(seen.streamSignals.every((s) => s.aborted)).toBe(true)
    expect(router.senderCount).toBe(0)
  })
})

describe('IpcRouter: streams', () => {
  it('refuses an open with an unknown channel, a bad request or a refusing handler, with the reason', async () => {
    const { router, seen } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    expect(await renderer.api.openTestSource({ chunks: -1, size: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    })
    for (let i = 0; i <= 100; i++) seen.ports.push({} as StreamPort<unknown, unknown>)
    expect(await renderer.api.openTestEcho({})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'no more' },
    })
    const frames: StreamFrame[] = []
    router.openStream('r1', 99, 'shell:exec', {}, { post: (f) => frames.push(f), close: () => undefined })
    expect(frames).toEqual([
      { t: 'end', error: { code: 'invalid_request', message: 'unknown stream channel shell:exec' } },
    ])
    expect(router.openCount('r1').streams).toBe(0)
  })

  it('carries bytes and JSON both ways, parsing what the renderer sends', async () => {
    const { router } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const opened = await renderer.api.openTestEcho({})
    if (!opened.ok) throw new Error('not opened')
    const stream = opened.value
    const got: unknown[] = []
    stream.onMessage((m) => got.push(m))
    stream.send(new Uint8Array([1, 2, 3]))
    stream.send({ text: 'héllo' })
    await vi.waitFor(() => expect(got).toHaveLength(2))
    expect(got[0]).toEqual(new Uint8Array([1, 2, 3]))
    expect(got[1]).toEqual({ text: 'héllo' })

    const closed = new Promise((resolve) => stream.onClose(resolve))
    stream.send({ command: 'rm -rf /' } as never)
    expect(await closed).toMatchObject({ code: 'invalid_request' })
    expect(router.openCount('r1').streams).toBe(0)
  })

  it('holds main back while the renderer does not consume: bounded in flight, nothing lost, in order', async () => {
    const { router, seen } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const chunks = 200
    const size = 16 * 1024
    const opened = await renderer.api.openTestSource({ chunks, size })
    if (!opened.ok) throw new Error('not opened')
    await settle()
    // Nobody listens yet: main sent one window and was told to stop.
    const posted = (): number => (renderer.frames.get(1) ?? []).filter((f) => f.t === 'bytes').length
    expect(posted()).toBe(STREAM_WINDOW / size)
    expect(seen.sentBeforeFull).toEqual([STREAM_WINDOW / size + 1])
    const port = seen.ports[0]
    expect(port?.queuedBytes).toBeLessThanOrEqual(size)

    const got: number[] = []
    opened.value.onMessage((m) => got.push((m as Uint8Array)[0] ?? -1))
    await vi.waitFor(() => expect(got).toHaveLength(chunks))
    expect(got).toEqual(Array.from({ length: chunks }, (_, i) => i % 256))
  })

  it('holds main back while the renderer pauses, and goes on when it resumes', async () => {
    const { router } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const size = 64 * 1024
    const opened = await renderer.api.openTestSource({ chunks: 100, size })
    if (!opened.ok) throw new Error('not opened')
    const stream = opened.value
    let got = 0
    stream.onMessage(() => {
      got++
      if (got === 20) stream.pause()
    })
    await settle()
    expect(got).toBe(20)
    const before = (renderer.frames.get(1) ?? []).length
    await settle()
    expect((renderer.frames.get(1) ?? []).length).toBe(before)
    expect(before).toBeLessThanOrEqual(20 + STREAM_WINDOW / size + 8)
    stream.resume()
    await vi.waitFor(() => expect(got).toBe(100))
  })

  it('ends the stream of a handler that ignores back-pressure instead of buffering without bound', async () => {
    const { router, seen } = testRouter({ ignoreBackPressure: true })
    const renderer = inMemoryRenderer(router, testContract)
    const opened = await renderer.api.openTestSource({ chunks: 10_000, size: 64 * 1024 })
    if (!opened.ok) throw new Error('not opened')
    const closed = new Promise((resolve) => opened.value.onClose(resolve))
    opened.value.onMessage(() => undefined)
    opened.value.pause()
    expect(await closed).toMatchObject({
      code: 'internal',
      message: 'the other side of the stream does not keep up',
    })
    expect(seen.streamSignals[0]?.aborted).toBe(true)
    const bytes = (renderer.frames.get(1) ?? []).filter((f) => f.t === 'bytes').length
    expect(bytes * 64 * 1024).toBeLessThanOrEqual(2 * STREAM_WINDOW)
  })

  it('ends the stream of a renderer that sends beyond its credit or sends garbage', async () => {
    const { router, seen } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    const opened = await renderer.api.openTestEcho({})
    if (!opened.ok) throw new Error('not opened')
    const closed = new Promise((resolve) => opened.value.onClose(resolve))
    // Main stops consuming; a well-behaved renderer would now be held back by its credit.
    seen.ports[0]?.pause()
    const big = new Uint8Array(MAX_STREAM_MESSAGE)
    for (let i = 0; i < 3; i++) renderer.rawFrame(1, { t: 'bytes', data: big })
    expect(await closed).toMatchObject({ code: 'invalid_request' })
    expect(router.openCount('r1').streams).toBe(0)

    const second = await renderer.api.openTestEcho({})
    if (!second.ok) throw new Error('not opened')
    const closedToo = new Promise((resolve) => second.value.onClose(resolve))
    renderer.rawFrame(2, { t: 'opened' })
    expect(await closedToo).toMatchObject({ code: 'invalid_request', message: 'malformed stream frame' })
  })

  it('limits the streams one renderer may have open', async () => {
    const { router } = testRouter()
    const renderer = inMemoryRenderer(router, testContract)
    for (let i = 0; i < SENDER_LIMITS.streams; i++) {
      expect(await renderer.api.openTestSource({ chunks: 0, size: 1 })).toMatchObject({ ok: true })
    }
    expect(await renderer.api.openTestSource({ chunks: 0, size: 1 })).toMatchObject({
      ok: false,
      error: { message: 'test:source: too many streams open' },
    })
  })
})
