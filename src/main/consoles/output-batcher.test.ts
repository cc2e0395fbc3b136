import { describe, expect, it } from 'vitest'

import type { BatchTimer } from './output-batcher'
import { OutputBatcher } from './output-batcher'

/** A timer that fires when the test says so. */
function manualTimer(): BatchTimer & { fire(): void; readonly armed: number } {
  const pending = new Map<number, () => void>()
  let next = 0
  return {
    set: (run) => {
      pending.set(++next, run)
      return next
    },
    clear: (handle) => {
      pending.delete(handle as number)
    },
    fire: () => {
      const runs = [...pending.values()]
      pending.clear()
      for (const run of runs) run()
    },
    get armed() {
      return pending.size
    },
  }
}

const bytes = (n: number, fill = 0x61): Uint8Array => new Uint8Array(n).fill(fill)
const text = (chunks: Uint8Array[]): string[] => chunks.map((c) => Buffer.from(c).toString('latin1'))

function setUp(options: { held?: boolean } = {}): {
  batcher: OutputBatcher
  timer: ReturnType<typeof manualTimer>
  out: Uint8Array[]
} {
  const timer = manualTimer()
  const out: Uint8Array[] = []
  const batcher = new OutputBatcher((d) => out.push(d), { timer, ...options })
  return { batcher, timer, out }
}

describe('OutputBatcher', () => {
  it('sends interactive output (echoes, a prompt) at once, and batches a window’s output past 4 KiB', () => {
    const { batcher, timer, out } = setUp()
    batcher.push(Buffer.from('l'))
    batcher.push(Buffer.from('s'))
    batcher.push(Buffer.from('\r\n'))
    expect(text(out)).toEqual(['l', 's', '\r\n'])
    batcher.push(bytes(3000))
    expect(out).toHaveLength(4)
    // Past 4 KiB in this window: bulk output, which waits for the window's end as one message.
    batcher.push(bytes(5000))
    batcher.push(bytes(10))
    expect(out).toHaveLength(4)
    timer.fire()
    expect(out.map((c) => c.length)).toEqual([1, 1, 2, 3000, 5010])
    // Bulk that went on to the window's end keeps the next window batched...
    batcher.push(bytes(5))
    expect(out).toHaveLength(5)
    timer.fire()
    expect(out.map((c) => c.length)).toEqual([1, 1, 2, 3000, 5010, 5])
    // ...but a few bytes at a window's end (echoes while typing fast) do not.
    batcher.push(Buffer.from('y'))
    expect(text(out).at(-1)).toBe('y')
    // A window with nothing in it ends the batching: the next keystroke's echo is not delayed.
    timer.fire()
    expect(timer.armed).toBe(0)
    batcher.push(Buffer.from('x'))
    expect(text(out).at(-1)).toBe('x')
  })

  it('batches from the first byte after a window’s first chunk when immediateBytes is 0', () => {
    const timer = manualTimer()
    const out: Uint8Array[] = []
    const batcher = new OutputBatcher((d) => out.push(d), { timer, immediateBytes: 0 })
    batcher.push(Buffer.from('a'))
    batcher.push(Buffer.from('b'))
    batcher.push(Buffer.from('c'))
    expect(text(out)).toEqual(['a'])
    timer.fire()
    expect(text(out)).toEqual(['a', 'bc'])
  })

  it('flushes at 200 KiB without waiting for the window, and never emits more than 512 KiB at once', () => {
    const { batcher, timer, out } = setUp()
    batcher.push(bytes(1))
    for (let i = 0; i < 4; i++) batcher.push(bytes(50 * 1024))
    expect(out.map((c) => c.length)).toEqual([1, 200 * 1024])
    batcher.push(bytes(100))
    timer.fire()
    expect(out.map((c) => c.length)).toEqual([1, 200 * 1024, 100])
    const big = setUp({ held: true })
    big.batcher.push(bytes(1300 * 1024))
    big.batcher.hold(false)
    expect(big.out.map((c) => c.length)).toEqual([512 * 1024, 512 * 1024, 276 * 1024])
  })

  it('sends a big chunk as it came (no copy) and copies only runs of small ones, in order', () => {
    const { batcher, out } = setUp({ held: true })
    const big = bytes(128 * 1024, 0x62)
    // A small chunk that is a view into a bigger read buffer: copied, so a MessagePort clones its bytes only.
    const read = Buffer.from('xxhead')
    batcher.push(read.subarray(2))
    batcher.push(Buffer.from('er'))
    batcher.push(big)
    batcher.push(Buffer.from('tail'))
    batcher.hold(false)
    expect(out.map((c) => c.length)).toEqual([6, 128 * 1024, 4])
    expect(out[1]).toBe(big)
    expect(text([out[0] as Uint8Array])).toEqual(['header'])
    expect(out[0]?.buffer.byteLength).toBe(6)
    // Ordered, whatever the sizes: the bytes are exactly what came.
    expect(Buffer.concat(out).toString('latin1')).toBe(`header${'b'.repeat(128 * 1024)}tail`)
  })

  it('emits nothing while held and everything, in order, once let go', () => {
    const { batcher, timer, out } = setUp({ held: true })
    batcher.push(Buffer.from('OK? no: '))
    batcher.push(Buffer.from('banner'))
    timer.fire()
    expect(out).toHaveLength(0)
    batcher.hold(false)
    expect(text(out)).toEqual(['OK? no: banner'])
    batcher.hold(true)
    batcher.push(Buffer.from('more'))
    timer.fire()
    batcher.flush()
    expect(out).toHaveLength(1)
    batcher.hold(false)
    expect(text(out)).toEqual(['OK? no: banner', 'more'])
  })

  it('flush() sends what waits now; dispose() drops it and stops the timer', () => {
    const { batcher, timer, out } = setUp()
    batcher.push(bytes(5000, 0x61))
    batcher.push(Buffer.from('b'))
    expect(out).toHaveLength(1)
    batcher.flush()
    expect(text(out)).toEqual(['a'.repeat(5000), 'b'])
    batcher.push(Buffer.from('c'))
    batcher.dispose()
    expect(timer.armed).toBe(0)
    batcher.push(Buffer.from('d'))
    timer.fire()
    expect(text(out)).toEqual(['a'.repeat(5000), 'b'])
  })

  it('drain() sends what waits even while held (the source ended), and stays held after', () => {
    const { batcher, out } = setUp({ held: true })
    batcher.push(Buffer.from('last '))
    batcher.push(Buffer.from('words'))
    batcher.drain()
    expect(text(out)).toEqual(['last words'])
    batcher.push(Buffer.from('more'))
    expect(out).toHaveLength(1)
  })

  it('runs on real timers by default: bulk output past 4 KiB waits for the window’s end, which comes', async () => {
    const out: Uint8Array[] = []
    let windowEnded: (data: Uint8Array) => void = () => undefined
    const second = new Promise<Uint8Array>((resolve) => {
      windowEnded = resolve
    })
    const batcher = new OutputBatcher((d) => {
      out.push(d)
      if (out.length === 2) windowEnded(d)
    })
    batcher.push(bytes(5000))
    batcher.push(Buffer.from('2'))
    // Past the window's first 4 KiB: '2' waits for the window's timer (nothing else would send it).
    expect(out).toHaveLength(1)
    expect(text([await second])).toEqual(['2'])
    batcher.dispose()
  })
})
