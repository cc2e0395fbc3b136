// Type-only imports of the contract: the preload bundles this file and must stay free of the validation library.
import type { z } from 'zod'

import type { AppContract } from './contract'
import type { Contract } from './domain'
import type { AppErrorShape, Result } from './errors'
import type { StreamFrame } from './stream'
import { decodeMessage, parseStreamFrame, StreamEnd } from './stream'
import type { ChannelManifest } from './wire'

/** `fleet:get` → `fleetGet`, `cluster:refresh` → `clusterRefresh`. */
type MethodName<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : C
/** `fleet:delta` → `onFleetDelta`. */
type ListenerName<C extends string> = `on${Capitalize<MethodName<C>>}`
/** `console:terminal` → `openConsoleTerminal`. */
type OpenerName<C extends string> = `open${Capitalize<MethodName<C>>}`
type Names<M> = Extract<keyof M, string>

/**
 * How a caller may cancel a long call. `cancellation` is called at once with the function that cancels this
 * call (main then aborts the work and the call answers `cancelled`, for the channels their domain declares
 * `cancellable`; a cancel of any other call is ignored, and it answers what it did); what it returns, if a
 * function, is called when the call is over, to let go of the caller's signal. Functions rather than an AbortSignal: only functions
 * cross Electron's context bridge intact (the renderer's client adapts a signal: `cancelWith`).
 */
export interface CallOptions {
  cancellation?: (cancel: () => void) => (() => void) | undefined
}

/**
 * The renderer's end of a stream (a console, a long transfer). Messages are bytes (`Uint8Array`) or JSON values.
 * Flow control is built in: `send` answers false when main has not consumed enough yet (wait for `onDrain`),
 * and main is held back while this side is paused or has no `onMessage` listener yet.
 */
export interface PveDeskStream<Up, Down> {
  /** Sends a message; false means "stop until onDrain" (going on regardless ends the stream). */
  send(message: Up): boolean
  /** Receives main's messages; delivery starts with the first listener. */
  onMessage(listener: (message: Down) => void): () => void
  onDrain(listener: () => void): () => void
  /** Once, when the stream is over; `error` says why when it failed. */
  onClose(listener: (error: AppErrorShape | undefined) => void): () => void
  /** Stops taking messages (a terminal's write buffer is full, say): main stops sending until `resume`. */
  pause(): void
  resume(): void
  close(): void
}

/**
 * The shape of `window.pveDesk`, derived from a contract: one method per invoke channel returning the result
 * envelope, one `on…` per event channel returning an unsubscribe function, one `open…` per stream channel.
 * No generic `invoke(channel)`.
 */
export type PveDeskApiOf<C extends Contract> = {
  [K in Names<C['invoke']> as MethodName<K>]: (
    request: z.input<C['invoke'][K]['request']>,
    options?: CallOptions,
  ) => Promise<Result<z.output<C['invoke'][K]['response']>>>
} & {
  [K in Names<C['events']> as ListenerName<K>]: (
    listener: (payload: z.output<C['events'][K]>) => void,
  ) => () => void
} & {
  [K in Names<C['streams']> as OpenerName<K>]: (
    request: z.input<C['streams'][K]['open']>,
  ) => Promise<Result<PveDeskStream<z.input<C['streams'][K]['up']>, z.output<C['streams'][K]['down']>>>>
}
export type PveDeskApi = PveDeskApiOf<AppContract>

/** One stream's frames as a bridge carries them (a MessagePort, the WebSocket). */
export interface BridgeCarrier {
  post(frame: StreamFrame): void
  /** The one handler of frames from main; frames arriving before it is set wait for it. */
  onFrame(handler: (frame: unknown) => void): void
  /** Releases the carrier without a word to main (the stream already said `end`, or main went away). */
  close(): void
}

/** What a bridge (Electron preload, browser-host script) must provide to build the API. */
export interface BridgeTransport {
  /** Sends one call; with `cancellation`, the call gets an id main can cancel it by. */
  invoke(channel: string, request: unknown, cancellation?: (cancel: () => void) => void): Promise<unknown>
  /** Tells main that this renderer wants (or no longer wants) an event channel. */
  subscribe(event: string): void
  unsubscribe(event: string): void
  /** Registers the one local handler of incoming events; main only sends subscribed ones. */
  onEvent(handler: (event: string, payload: unknown) => void): void
  /** Asks main for a stream; resolves with its carrier once main answered `opened`, or with main's error. */
  openStream(
    channel: string,
    request: unknown,
  ): Promise<{ ok: true; carrier: BridgeCarrier } | { ok: false; error: AppErrorShape }>
}

export const methodName = (channel: string): string => {
  const [domain = '', verb = ''] = channel.split(':')
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1)
}
export const listenerName = (channel: string): string => {
  const name = methodName(channel)
  return 'on' + name.charAt(0).toUpperCase() + name.slice(1)
}
export const openerName = (channel: string): string => {
  const name = methodName(channel)
  return 'open' + name.charAt(0).toUpperCase() + name.slice(1)
}

/**
 * Builds the API object over a transport. Listeners are multiplexed: main hears one subscribe per event channel
 * however many components listen, and one unsubscribe when the last one leaves.
 */
export function buildPveDeskApi<C extends Contract = AppContract>(
  transport: BridgeTransport,
  manifest: ChannelManifest,
): PveDeskApiOf<C> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  transport.onEvent((event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
  })
  const api: Record<string, unknown> = {}
  for (const channel of manifest.invoke) {
    api[methodName(channel)] = (request: unknown, options?: CallOptions) => {
      const cancellation = options?.cancellation
      if (typeof cancellation !== 'function') return transport.invoke(channel, request ?? {})
      let release: unknown
      return transport
        .invoke(channel, request ?? {}, (cancel) => {
          release = cancellation(cancel)
        })
        .finally(() => {
          if (typeof release === 'function') (release as () => void)()
        })
    }
  }
  for (const event of manifest.events) {
    api[listenerName(event)] = (listener: (payload: unknown) => void) => {
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      if (set.size === 0) transport.subscribe(event)
      set.add(listener)
      let active = true
      return () => {
        if (!active) return
        active = false
        set.delete(listener)
        if (set.size === 0) transport.unsubscribe(event)
      }
    }
  }
  for (const channel of manifest.streams) {
    api[openerName(channel)] = async (request: unknown) => {
      const opened = await transport.openStream(channel, request ?? {})
      return opened.ok ? { ok: true, value: bridgeStream(opened.carrier) } : opened
    }
  }
  // The mapped type is built key by key from the contract's names; TypeScript cannot follow the loop.
  return Object.freeze(api) as PveDeskApiOf<C>
}

/** The renderer's stream object over a carrier: the shared flow control, listeners, and a pause until the first one. */
function bridgeStream(carrier: BridgeCarrier): PveDeskStream<unknown, unknown> {
  const messages = new Set<(message: unknown) => void>()
  const drains = new Set<() => void>()
  const closes = new Set<(error: AppErrorShape | undefined) => void>()
  let userPaused = false
  const end: StreamEnd = new StreamEnd({
    post: (frame) => carrier.post(frame),
    deliver: (frame) => {
      const message = decodeMessage(frame)
      for (const listener of [...messages]) listener(message)
    },
    onDrain: () => {
      for (const listener of [...drains]) listener()
    },
    onEnd: (error) => {
      carrier.close()
      for (const listener of [...closes]) listener(error)
      messages.clear()
      drains.clear()
      closes.clear()
    },
  })
  // Main's messages wait (and main is held back) until someone listens.
  end.pause()
  carrier.onFrame((raw) => {
    const frame = parseStreamFrame(raw)
    if (frame !== undefined) end.receive(frame)
  })
  const subscribe = <L>(set: Set<L>, listener: L): (() => void) => {
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }
  return Object.freeze({
    send: (message: unknown) => end.send(message),
    onMessage: (listener: (message: unknown) => void) => {
      const off = subscribe(messages, listener)
      if (!userPaused) end.resume()
      return off
    },
    onDrain: (listener: () => void) => subscribe(drains, listener),
    onClose: (listener: (error: AppErrorShape | undefined) => void) => subscribe(closes, listener),
    pause: () => {
      userPaused = true
      end.pause()
    },
    resume: () => {
      userPaused = false
      if (messages.size > 0) end.resume()
    },
    close: () => end.end(),
  })
}
