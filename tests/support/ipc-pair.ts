import type { IpcRouter } from '../../src/main/ipc/router'
import type { BridgeCarrier, BridgeTransport, PveDeskApiOf } from '../../src/shared/ipc/api'
import { buildPveDeskApi } from '../../src/shared/ipc/api'
import { manifestOf } from '../../src/shared/ipc/contract'
import type { Contract } from '../../src/shared/ipc/domain'
import type { StreamFrame } from '../../src/shared/ipc/stream'

export interface InMemoryRenderer<C extends Contract> {
  api: PveDeskApiOf<C>
  /** Events main sent to this renderer. */
  events: [string, unknown][]
  /** Frames main posted, in order, per stream id (what crossed the wire). */
  frames: Map<number, StreamFrame[]>
  /** The renderer goes away (its window closed, its socket dropped). */
  goAway(): void
  /** Sends a raw frame as a hostile renderer would, bypassing the bridge's flow control. */
  rawFrame(streamId: number, frame: unknown): void
}

/**
 * A renderer wired to a router in memory: the real `window.pveDesk` builder and the real flow control on both
 * ends, with each frame copied (`structuredClone`, as a MessagePort does) and delivered a microtask later.
 */
export function inMemoryRenderer<C extends Contract>(
  router: IpcRouter<C>,
  contract: C,
  senderId = 'r1',
): InMemoryRenderer<C> {
  const events: [string, unknown][] = []
  const frames = new Map<number, StreamFrame[]>()
  let eventHandler: (event: string, payload: unknown) => void = () => undefined
  const attachment = router.attach({
    id: senderId,
    send: (event, payload) => {
      events.push([event, payload])
      queueMicrotask(() => eventHandler(event, structuredClone(payload)))
    },
  })
  let nextCall = 1
  let nextStream = 1
  const transport: BridgeTransport = {
    invoke: (channel, request, cancellation) => {
      const id = nextCall++
      cancellation?.(() => {
        queueMicrotask(() => router.cancel(senderId, id))
      })
      return router.invoke(senderId, channel, structuredClone(request), cancellation ? id : undefined)
    },
    subscribe: (event) => router.subscribe(senderId, event),
    unsubscribe: (event) => router.unsubscribe(senderId, event),
    onEvent: (handler) => {
      eventHandler = handler
    },
    openStream: (channel, request) =>
      new Promise((resolve) => {
        const sid = nextStream++
        const log: StreamFrame[] = []
        frames.set(sid, log)
        let handler: ((frame: unknown) => void) | undefined
        const early: unknown[] = []
        let open = false
        const carrier: BridgeCarrier = {
          post: (frame) => {
            const copy = structuredClone(frame)
            queueMicrotask(() => router.streamFrame(senderId, sid, copy))
          },
          onFrame: (h) => {
            handler = h
            for (const f of early.splice(0)) h(f)
          },
          close: () => {
            queueMicrotask(() => router.streamGone(senderId, sid))
          },
        }
        router.openStream(senderId, sid, channel, structuredClone(request), {
          post: (frame) => {
            log.push(frame)
            const copy = structuredClone(frame)
            queueMicrotask(() => {
              if (open) {
                if (handler === undefined) early.push(copy)
                else handler(copy)
              } else if (copy.t === 'opened') {
                open = true
                resolve({ ok: true, carrier })
              } else if (copy.t === 'end') {
                resolve({ ok: false, error: copy.error ?? { code: 'internal', message: 'refused' } })
              }
            })
          },
          close: () => undefined,
        })
      }),
  }
  return {
    api: buildPveDeskApi<C>(transport, manifestOf(contract)),
    events,
    frames,
    goAway: () => attachment.dispose(),
    rawFrame: (streamId, frame) => router.streamFrame(senderId, streamId, frame),
  }
}
