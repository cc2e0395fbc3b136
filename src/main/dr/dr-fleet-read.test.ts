import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import type { FakePve } from '../inventory/capture/fake-pve.testing'
import { fakePve } from '../inventory/capture/fake-pve.testing'
import { DrFleetRead } from './dr-fleet-read'
import { fakeConnection } from './fake-registry.testing'

const signal = new AbortController().signal

function pve(id = 'c1'): FakePve {
  const p = fakePve({ id, version: '9.1.4' })
  p.override('/cluster/tasks', [])
  return p
}

describe('DrFleetRead', () => {
  it('keeps the last good read of a cluster whose connection is down, marked unreachable and last known', async () => {
    const p = pve()
    const c = fakeConnection(p)
    const fleet = new DrFleetRead()
    const first = await fleet.read([c.connection], { signal, backups: true, now: 1_000 })
    expect(first.clusters[0]?.reach).toBe('partial')
    expect(first.lastContact).toEqual({ c1: 1_000 })
    c.setState('unreachable')
    const calls = p.calls.length
    const second = await fleet.read([c.connection], { signal, backups: false, now: 2_000 })
    expect(p.calls.length).toBe(calls) // nothing asked of a cluster that is not connected
    expect(second.clusters[0]).toMatchObject({
      reach: 'unreachable',
      lastKnown: { at: new Date(1_000_000).toISOString(), source: 'live' },
    })
    expect(second.clusters[0]?.guests).toEqual(first.clusters[0]?.guests)
    expect(second.lastContact).toEqual({ c1: 1_000 })
  })

  it('uses the last good read when the cluster stops answering mid-session', async () => {
    const p = pve()
    const c = fakeConnection(p)
    const fleet = new DrFleetRead()
    const first = await fleet.read([c.connection], { signal, backups: true, now: 1_000 })
    p.override('/version', new AppError({ code: 'timeout', message: 'no answer within 5 s' }))
    const second = await fleet.read([c.connection], { signal, backups: true, now: 2_000 })
    expect(second.clusters[0]?.reach).toBe('unreachable')
    expect(second.clusters[0]?.lastKnown?.at).toBe(new Date(1_000_000).toISOString())
    expect(second.clusters[0]?.backups).toEqual(first.clusters[0]?.backups)
    expect(second.issues).toMatchObject([{ path: '/version', code: 'timeout' }])
  })

  it('carries the backup archives over between the reads that list them', async () => {
    const p = pve()
    const c = fakeConnection(p)
    const fleet = new DrFleetRead()
    const first = await fleet.read([c.connection], { signal, backups: true, now: 1_000 })
    expect(first.clusters[0]?.backups.archives.length).toBe(2)
    p.calls.length = 0
    const second = await fleet.read([c.connection], { signal, backups: false, now: 2_000 })
    expect(p.calls.some((call) => call.path.endsWith('/content'))).toBe(false)
    expect(second.clusters[0]?.backups.archives).toEqual(first.clusters[0]?.backups.archives)
    expect(second.clusters[0]?.storage).toEqual(first.clusters[0]?.storage)
  })

  it('lists a cluster still connecting only once it was read; forgets a removed one', async () => {
    const a = fakeConnection(pve('a'))
    const b = fakeConnection(pve('b'))
    b.setState('connecting')
    const fleet = new DrFleetRead()
    const read = await fleet.read([a.connection, b.connection], { signal, backups: true, now: 1 })
    expect(read.clusters.map((c) => c.id)).toEqual(['a'])
    b.setState('error')
    expect(
      (await fleet.read([a.connection, b.connection], { signal, backups: true, now: 2 })).clusters.map(
        (c) => [c.id, c.reach],
      ),
    ).toEqual([
      ['a', 'partial'],
      ['b', 'unreachable'],
    ])
    expect((await fleet.read([b.connection], { signal, backups: true, now: 3 })).lastContact).toEqual({})
  })
})
