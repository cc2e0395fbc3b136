import { describe, expect, it } from 'vitest'

import type { VerifiedInventory } from './file/inventory-file'
import { HeldInventories } from './held-inventories'
import { OneAtATime } from './one-at-a-time'

const file = (bytes: number): VerifiedInventory => ({ bytes }) as VerifiedInventory

describe('verified files held in memory', () => {
  it('are bounded in bytes together: the least recently used goes first, the newest always stays', () => {
    const held = new HeldInventories(100, 10)
    held.hold('a', file(40))
    held.hold('b', file(40))
    expect(held.get('a')?.bytes).toBe(40) // a is now the most recently used
    held.hold('c', file(40))
    expect([held.has('a'), held.has('b'), held.has('c')]).toEqual([true, false, true])
    expect(held.bytes).toBe(80)
    // One file larger than the bound is held alone.
    held.hold('huge', file(500))
    expect([held.size, held.bytes]).toEqual([1, 500])
    held.delete('huge')
    expect([held.size, held.bytes]).toEqual([0, 0])
  })

  it('are bounded in count, and holding a key again does not count it twice', () => {
    const held = new HeldInventories(1000, 2)
    held.hold('a', file(1))
    held.hold('a', file(2))
    held.hold('b', file(3))
    expect(held.bytes).toBe(5)
    held.hold('c', file(4))
    expect([held.has('a'), held.size, held.bytes]).toEqual([false, 2, 7])
  })
})

describe('one at a time', () => {
  it('runs work in order, never two at once, and goes on after a failure', async () => {
    const queue = new OneAtATime()
    let running = 0
    let most = 0
    const done: number[] = []
    const work =
      (n: number, fail = false) =>
      async (): Promise<number> => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setImmediate(resolve))
        running--
        if (fail) throw new Error(`failed ${n}`)
        done.push(n)
        return n
      }
    const results = await Promise.allSettled([
      queue.run(work(1)),
      queue.run(work(2, true)),
      queue.run(work(3)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(done).toEqual([1, 3])
    expect(most).toBe(1)
  })
})
