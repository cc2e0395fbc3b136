import { describe, expect, it, vi } from 'vitest'

import type { EventChannel } from '../../shared/ipc/contract'
import type { FleetDelta } from '../../shared/model/fleet'
import { stubHandlers } from '../../../tests/support/handlers'
import type { Handlers } from './router'
import { IpcRouter } from './router'

const handlers = (): Handlers =>
  stubHandlers({
    'app:info': () => ({ version: '1', locale: 'fr-FR', host: 'browser' }),
    'fleet:get': () => ({ clusters: [] }),
    'cluster:refresh': vi.fn(() => null),
  })
const delta: FleetDelta = { clusterId: 'c1', seq: 1, upserts: [], removed: ['c1/qemu/100'] }

function attached(router: IpcRouter, id = 's1'): { sent: [EventChannel, unknown][]; detach: () => void } {
  const sent: [EventChannel, unknown][] = []
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
