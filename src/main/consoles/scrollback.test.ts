import { describe, expect, it } from 'vitest'

import { Scrollback, SCROLLBACK_BYTES } from './scrollback'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const read = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('scrollback ring', () => {
  it('keeps everything while it fits, in order', () => {
    const ring = new Scrollback(64)
    ring.push(text('root@km4-pve1:~# '))
    ring.push(text('ls\r\n'))
    expect(read(ring.snapshot())).toBe('root@km4-pve1:~# ls\r\n')
  })

  it('keeps only the newest bytes, replayed from a line start', () => {
    const ring = new Scrollback(32)
    for (let i = 0; i < 20; i++) ring.push(text(`line ${i}\r\n`))
    const replay = read(ring.snapshot())
    expect(replay.endsWith('line 19\r\n')).toBe(true)
    expect(replay.startsWith('line ')).toBe(true)
    expect(replay).not.toContain('line 1\r')
    expect(ring.size).toBeLessThanOrEqual(32)
  })

  it('never starts a replay inside a UTF-8 character when no line start is near', () => {
    const ring = new Scrollback(10)
    ring.push(text('éééééééé')) // 16 bytes, cut to the last 10: 5 whole characters
    ring.push(text('€')) // 3 bytes more: the cut lands inside an é
    const replay = ring.snapshot()
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(replay)).not.toThrow()
    expect(read(replay).endsWith('€')).toBe(true)
  })

  it('is bounded however much a chunk holds: 256 KiB by default', () => {
    const ring = new Scrollback()
    ring.push(new Uint8Array(SCROLLBACK_BYTES * 3).fill(0x41))
    ring.push(text('\nend'))
    expect(ring.size).toBe(SCROLLBACK_BYTES)
    // No line start near the cut: the replay starts mid-line rather than drop a whole screen.
    const replay = read(ring.snapshot())
    expect(replay.length).toBe(SCROLLBACK_BYTES)
    expect(replay.endsWith('A\nend')).toBe(true)
  })
})
