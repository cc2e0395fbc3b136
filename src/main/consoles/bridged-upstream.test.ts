import { describe, expect, it } from 'vitest'

import { Emitter } from '../../shared/lifecycle'
import type { UpstreamClose } from './bridged-upstream'
import { BridgedUpstream } from './bridged-upstream'
import type { BatchTimer } from './output-batcher'
import type { SocketEnd, UpstreamSocket } from './upstream-socket'

/** The websocket's side as BridgedUpstream uses it: the test hands it bytes and ends it when it says so. */
class StubSocket {
  private readonly endEmitter = new Emitter<SocketEnd>()
  private readonly drainEmitter = new Emitter<void>()
  private receiver: ((data: Buffer) => void) | undefined
  paused = false
  readonly onEnd = this.endEmitter.event
  readonly onDrain = this.drainEmitter.event
  readonly bufferedBytes = 0
  readonly writable = true

  setReceiver(receiver: ((data: Buffer) => void) | undefined): void {
    this.receiver = receiver
  }
  receive(text: string | Buffer): void {
    this.receiver?.(typeof text === 'string' ? Buffer.from(text, 'latin1') : text)
  }
  end(end: SocketEnd): void {
    this.endEmitter.fire(end)
  }
  send(): boolean {
    return true
  }
  pause(): void {
    this.paused = true
  }
  resume(): void {
    this.paused = false
  }
  dispose(): void {
    this.endEmitter.dispose()
    this.drainEmitter.dispose()
  }
}

class Bridge extends BridgedUpstream {
  constructor(socket: StubSocket, timer: BatchTimer) {
    super(socket as unknown as UpstreamSocket, { timer })
    this.startReading((data) => {
      this.output(data)
    })
  }
}

/** A batching window that never ends by itself: what is batched stays pending. */
const stillTimer: BatchTimer = { set: () => 1, clear: () => undefined }

const microtasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('BridgedUpstream', () => {
  it('delivers the output pending when PVE ends the console while paused, before the end', async () => {
    const socket = new StubSocket()
    const bridge = new Bridge(socket, stillTimer)
    const events: string[] = []
    bridge.onData((d) => events.push(`data ${d.length}`))
    bridge.onClose((c) => events.push(`close ${c.reason}`))
    await microtasks()
    // Bulk output: past the window's first 4 KiB the rest waits for the window's end...
    socket.receive(Buffer.alloc(5000))
    socket.receive('logout\r\n')
    expect(events).toEqual(['data 5000'])
    // ...the window's owner pauses (the renderer is slow), and the shell's exit comes in.
    bridge.pause()
    socket.end({ code: 1000, clean: true })
    expect(events).toEqual(['data 5000', 'data 8', 'close remote'])
    bridge.dispose()
  })

  it('gives a listener that came after the end the last output, then the end', async () => {
    const socket = new StubSocket()
    const bridge = new Bridge(socket, stillTimer)
    socket.receive('bye\r\n')
    socket.end({ code: 1006, clean: false })
    const events: string[] = []
    bridge.pause()
    bridge.onData((d) => events.push(Buffer.from(d).toString('latin1')))
    bridge.onClose((c: UpstreamClose) => events.push(`close ${c.reason}`))
    // One that unsubscribed before the replay hears nothing.
    bridge.onClose(() => events.push('left')).dispose()
    await microtasks()
    expect(events).toEqual(['bye\r\n', 'close lost'])
    bridge.dispose()
  })
})
