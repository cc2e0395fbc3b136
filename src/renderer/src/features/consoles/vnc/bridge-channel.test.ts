import { describe, expect, it } from 'vitest'

// noVNC's own socket wrapper, which its package does not export: the very code that checks a channel's shape.
// @ts-expect-error -- plain JavaScript without typings
import WebsockModule from '../../../../../../node_modules/@novnc/novnc/core/websock.js'

import { FakeStream } from '../test-console-main'
import { BridgeChannel } from './bridge-channel'

interface WebsockLike {
  on(event: string, handler: () => void): void
  attach(channel: unknown): void
  readonly readyState: string
  rQshiftStr(length: number): string
  sQpush8(byte: number): void
  flush(): void
}
const Websock = WebsockModule as new () => WebsockLike

describe('the channel noVNC reads the screen through', () => {
  it('is accepted by noVNC’s Websock, delivers main’s bytes as ArrayBuffers and sends noVNC’s as bytes', () => {
    const stream = new FakeStream('w', () => undefined)
    const channel = new BridgeChannel(stream)
    const sock = new Websock()
    const events: string[] = []
    sock.on('open', () => events.push('open'))
    sock.on('message', () => events.push('message'))
    sock.on('close', () => events.push('close'))
    expect(() => sock.attach(channel)).not.toThrow()
    channel.open()
    expect(sock.readyState).toBe('open')
    stream.push(new Uint8Array([0x52, 0x46, 0x42]))
    expect(events).toEqual(['open', 'message'])
    expect(sock.rQshiftStr(3)).toBe('RFB')
    sock.sQpush8(1)
    sock.flush()
    expect(stream.sent).toEqual([new Uint8Array([1])])
    stream.end(undefined)
    expect(events.at(-1)).toBe('close')
    expect(channel.readyState).toBe('closed')
  })

  it('ends the stream when noVNC closes it', () => {
    const stream = new FakeStream('w', () => undefined)
    const channel = new BridgeChannel(stream)
    channel.open()
    channel.close()
    expect(stream.closed).toBe(true)
  })
})
