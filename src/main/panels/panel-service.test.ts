import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import { panelDomain } from '../../shared/ipc/domains/panel'
import { Emitter } from '../../shared/lifecycle'
import { fakeAccess, hang } from './guest/fake-access.testing'
import type { FakeCall } from './guest/fake-access.testing'
import { panelHandlers } from './panel-service'

/** A connection that can go (its cluster removed or replaced) while a read is under way. */
function connection(): { emitter: Emitter<void>; gone: () => void } {
  const emitter = new Emitter<void>()
  return { emitter, gone: () => emitter.fire() }
}

describe('panel reads and their cluster connection', () => {
  it('ends a read hung on a node once its cluster is removed, releasing the call and the subscription', async () => {
    const hung: FakeCall[] = []
    const { access } = fakeAccess({
      '/network': (call: FakeCall) => {
        hung.push(call)
        return hang(call)
      },
    })
    const conn = connection()
    const handlers = panelHandlers({ access: () => access }, () => ({ onDidDispose: conn.emitter.event }))
    const caller = new AbortController()
    const read = handlers['panel:nodeNetwork'](
      { clusterId: 'c', node: 'km4-pve1' },
      { signal: caller.signal },
    )
    await Promise.resolve()
    await Promise.resolve()
    expect(hung).toHaveLength(1)
    expect(conn.emitter.listenerCount).toBe(1)
    conn.gone()
    await expect(read).rejects.toMatchObject({ code: 'cancelled' })
    expect(hung[0]?.signal?.aborted).toBe(true)
    expect(conn.emitter.listenerCount).toBe(0)
    expect(caller.signal.aborted).toBe(false)
  })

  it("still ends with the caller's cancel, and answers as before while the connection lives", async () => {
    const { access } = fakeAccess({
      '/network': [{ iface: 'vmbr0', type: 'bridge' }],
      '/disks/list': (call: FakeCall) => hang(call),
    })
    const conn = connection()
    const handlers = panelHandlers({ access: () => access }, () => ({ onDidDispose: conn.emitter.event }))
    const answer = await handlers['panel:nodeNetwork'](
      { clusterId: 'c', node: 'km4-pve1' },
      { signal: new AbortController().signal },
    )
    expect(answer.interfaces.map((i) => i.iface)).toEqual(['vmbr0'])
    const caller = new AbortController()
    const read = handlers['panel:nodeDisks']({ clusterId: 'c', node: 'km4-pve1' }, { signal: caller.signal })
    caller.abort()
    await expect(read).rejects.toMatchObject({ code: 'cancelled' })
    expect(conn.emitter.listenerCount).toBe(0)
  })

  it('asks PVE nothing for a cluster already removed', async () => {
    const { access, calls } = fakeAccess({ '/network': [] })
    const handlers = panelHandlers({ access: () => access }, (clusterId) => {
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
    })
    await expect(
      Promise.resolve().then(() =>
        handlers['panel:nodeNetwork'](
          { clusterId: 'gone', node: 'km4-pve1' },
          { signal: new AbortController().signal },
        ),
      ),
    ).rejects.toMatchObject({ code: 'not_found' })
    expect(calls).toHaveLength(0)
  })

  it("refuses a compromised renderer's node and storage names that would change PVE's path, asking nothing", async () => {
    const { access, calls } = fakeAccess({ '/': [] })
    const handlers = panelHandlers({ access: () => access })
    const signal = new AbortController().signal
    const hostile = [
      '..',
      '../access/users',
      'km4-pve1/../../access',
      'km4%2F..%2Faccess',
      'km4-pve1?limit=1000000',
      'km4-pve1#x',
      'km4\npve1',
      'km4-pve1\u0000',
      ' km4-pve1',
      '',
    ]
    const nodeReads = [
      'panel:nodeNetwork',
      'panel:nodeStorage',
      'panel:nodeDisks',
      'panel:nodeCertificates',
      'panel:nodeTasks',
    ] as const
    for (const node of hostile) {
      for (const channel of nodeReads)
        await expect(handlers[channel]({ clusterId: 'c', node }, { signal })).rejects.toMatchObject({
          code: 'invalid_request',
        })
      await expect(
        handlers['panel:nodeSummary']({ clusterId: 'c', node, timeframe: 'hour', cf: 'AVERAGE' }, { signal }),
      ).rejects.toMatchObject({ code: 'invalid_request' })
      await expect(
        handlers['panel:nodeSyslog']({ clusterId: 'c', node, start: 0, limit: 50 }, { signal }),
      ).rejects.toMatchObject({ code: 'invalid_request' })
      await expect(
        handlers['panel:storage']({ clusterId: 'c', storage: node }, { signal }),
      ).rejects.toMatchObject({ code: 'invalid_request' })
    }
    expect(calls).toEqual([])
  })

  it("asks a journal's tail past 100 million lines, as PVE allows, and refuses a start or limit PVE would not take", () => {
    const request = panelDomain.invoke['panel:nodeSyslog'].request
    const page = (start: number, limit = 500): boolean =>
      request.safeParse({ clusterId: 'c', node: 'km4-pve1', start, limit }).success
    expect(page(0)).toBe(true)
    expect(page(250_000_000)).toBe(true)
    for (const start of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN]) expect(page(start)).toBe(false)
    for (const limit of [0, 5_001, 1e9]) expect(page(0, limit)).toBe(false)
  })
})
