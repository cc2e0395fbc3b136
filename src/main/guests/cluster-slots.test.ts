import { describe, expect, it } from 'vitest'

import { ClusterSlots } from './cluster-slots'

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('ClusterSlots', () => {
  it('grants up to the asker’s limit per cluster, first come first served, clusters apart', async () => {
    const slots = new ClusterSlots()
    const granted: string[] = []
    const ask = (who: string, clusterId: string, limit: number): Promise<() => void> =>
      slots.acquire(clusterId, limit).then((release) => {
        granted.push(who)
        return release
      })
    const first = await ask('a1', 'a', 2)
    await ask('a2', 'a', 2)
    void ask('a3', 'a', 2)
    await ask('b1', 'b', 1)
    await settle()
    expect(granted).toEqual(['a1', 'a2', 'b1'])
    first()
    first() // a second release frees nothing more
    await settle()
    expect(granted).toEqual(['a1', 'a2', 'b1', 'a3'])
    expect(slots.inFlight('a')).toBe(2)
  })

  it('a waiter whose signal aborts leaves the queue (cancelled) and lets the next one in', async () => {
    const slots = new ClusterSlots()
    const release = await slots.acquire('a', 1)
    const leave = new AbortController()
    const leaving = slots.acquire('a', 1, leave.signal)
    let next = false
    void slots.acquire('a', 1).then(() => (next = true))
    leave.abort()
    await expect(leaving).rejects.toMatchObject({ code: 'cancelled' })
    release()
    await settle()
    expect(next).toBe(true)
    expect(slots.inFlight('a')).toBe(1)
    await expect(slots.acquire('a', 1, AbortSignal.abort())).rejects.toMatchObject({ code: 'cancelled' })
  })
})
