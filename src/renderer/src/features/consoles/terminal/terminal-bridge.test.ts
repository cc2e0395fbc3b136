import { describe, expect, it } from 'vitest'

import { FakeStream } from '../test-console-main'
import type { TerminalLike } from './terminal-bridge'
import { bridgeTerminal, splitText } from './terminal-bridge'

/** A terminal whose input the test types and whose write callbacks the test runs (xterm parsing later). */
class FakeTerminal implements TerminalLike {
  cols = 120
  rows = 40
  readonly written: Uint8Array[] = []
  readonly callbacks: (() => void)[] = []
  private data?: (d: string) => void
  private bin?: (d: string) => void
  private size?: (s: { cols: number; rows: number }) => void
  onData(l: (d: string) => void): { dispose(): void } {
    this.data = l
    return { dispose: () => (this.data = undefined) }
  }
  onBinary(l: (d: string) => void): { dispose(): void } {
    this.bin = l
    return { dispose: () => (this.bin = undefined) }
  }
  onResize(l: (s: { cols: number; rows: number }) => void): { dispose(): void } {
    this.size = l
    return { dispose: () => (this.size = undefined) }
  }
  write(data: Uint8Array, callback?: () => void): void {
    this.written.push(data)
    if (callback) this.callbacks.push(callback)
  }
  type(text: string): void {
    this.data?.(text)
  }
  binary(text: string): void {
    this.bin?.(text)
  }
  resize(cols: number, rows: number): void {
    this.size?.({ cols, rows })
  }
  /** xterm parsed everything written so far. */
  parse(): void {
    for (const cb of this.callbacks.splice(0)) cb()
  }
}

const decode = (m: unknown): string => new TextDecoder().decode(m as Uint8Array)

describe('terminal bridge', () => {
  it('tells the terminal’s size first, then sends what is typed as UTF-8 bytes', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    bridgeTerminal(term, stream)
    term.type('é─┼🙂\r')
    expect(stream.sent[0]).toEqual({ type: 'resize', cols: 120, rows: 40 })
    const bytes = stream.sent[1] as Uint8Array
    expect(bytes).toBeInstanceOf(Uint8Array)
    // é is 2 bytes, the box-drawing characters 3 each, the emoji 4: 13 bytes for 5 characters.
    expect([...bytes]).toEqual([0xc3, 0xa9, 0xe2, 0x94, 0x80, 0xe2, 0x94, 0xbc, 0xf0, 0x9f, 0x99, 0x82, 0x0d])
    expect(decode(bytes)).toBe('é─┼🙂\r')
  })

  it('sends resizes in order with the keys, within the contract’s bounds', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    bridgeTerminal(term, stream)
    term.type('a')
    term.resize(200, 50)
    term.resize(1, 1)
    term.resize(5000, 900)
    expect(stream.sent.slice(1)).toEqual([
      new TextEncoder().encode('a'),
      { type: 'resize', cols: 200, rows: 50 },
      { type: 'resize', cols: 1000, rows: 500 },
    ])
  })

  it('holds input while the stream says stop, and sends it in order on drain', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    stream.credit = 2
    bridgeTerminal(term, stream)
    term.type('1')
    term.type('2')
    term.type('3')
    // The resize and '1' went; '2' was accepted with "stop"; '3' waits here.
    expect(stream.sent.map((m) => (m instanceof Uint8Array ? decode(m) : 'resize'))).toEqual([
      'resize',
      '1',
      '2',
    ])
    stream.drain()
    expect(stream.sent.map((m) => (m instanceof Uint8Array ? decode(m) : 'resize'))).toEqual([
      'resize',
      '1',
      '2',
      '3',
    ])
  })

  it('splits a long paste into messages far below the stream limit, never inside a character', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    bridgeTerminal(term, stream, { chunkChars: 3 })
    term.type('ab🙂cd')
    const pieces = stream.sent.slice(1).map(decode)
    expect(pieces.join('')).toBe('ab🙂cd')
    expect(pieces.every((p) => !p.includes('\ufffd'))).toBe(true)
    expect(splitText('a🙂', 2)).toEqual(['a', '🙂'])
  })

  it('sends binary input (mouse reports) one byte per character', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    bridgeTerminal(term, stream)
    term.binary('\x1b[M\xff')
    expect([...(stream.sent[1] as Uint8Array)]).toEqual([0x1b, 0x5b, 0x4d, 0xff])
  })

  it('pauses the stream while xterm has much left to parse, and resumes once it caught up', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    bridgeTerminal(term, stream, { highWater: 100, lowWater: 20 })
    stream.push(new Uint8Array(60))
    expect(stream.paused).toBe(false)
    stream.push(new Uint8Array(60))
    expect(stream.paused).toBe(true)
    term.parse()
    expect(stream.paused).toBe(false)
    expect(term.written.map((w) => w.byteLength)).toEqual([60, 60])
  })

  it('stops listening when unwired', () => {
    const term = new FakeTerminal()
    const stream = new FakeStream('w', () => undefined)
    const stop = bridgeTerminal(term, stream)
    stop()
    term.type('x')
    stream.push(new Uint8Array(3))
    expect(stream.sent).toHaveLength(1)
    expect(term.written).toHaveLength(0)
  })
})
