import { isIP } from 'node:net'
import tls from 'node:tls'

import type { ClientOptions, RawData } from 'ws'
import { WebSocket } from 'ws'

import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import { pinnedTlsConnect } from '../pve/pinning'
import type { ConsoleEndpoint } from '../pve/pve-client'
import { httpError, transportError } from '../pve/pve-error'

/**
 * Largest websocket message taken from PVE: pveproxy sends chunks of at most 128 KiB, so twice that leaves
 * room and still keeps a hostile endpoint from making main allocate without bound.
 */
export const MAX_UPSTREAM_FRAME = 256 * 1024
/** pveproxy drops a client frame above 128 KiB (AnyEvent.pm `websocket_proxy`). */
export const MAX_CLIENT_FRAME = 128 * 1024
/** What waits while nobody reads yet (a handshake under way) before the socket stops reading. */
const MAX_QUEUED = 1024 * 1024
/** Bytes written towards PVE and not yet flushed past which `send` says "stop" (a stalled node or link). */
export const WRITE_HIGH_WATER = 1024 * 1024
/** After a "stop", `onDrain` fires once what waits falls back below this. */
export const WRITE_LOW_WATER = 256 * 1024

export interface UpstreamSocketOptions {
  /** Deadline of the upgrade: connecting, TLS and the HTTP answer. */
  timeoutMs: number
  signal?: AbortSignal
  maxPayload?: number
}

/** The end of a websocket as seen from main. */
export interface SocketEnd {
  code: number
  /** A close frame came (PVE closed it) rather than the connection breaking. */
  clean: boolean
  error?: AppError
}

/** `…/vncwebsocket` of a console opened on `endpoint`: the same node, the same base path as the POST. */
export function vncWebsocketUrl(
  endpoint: ConsoleEndpoint,
  base: string,
  port: string,
  ticket: string,
): string {
  const origin = endpoint.url.replace(/^https:/, 'wss:')
  return `${origin}/api2/json${base}/vncwebsocket?port=${encodeURIComponent(port)}&vncticket=${encodeURIComponent(ticket)}`
}

/** AppErrors here carry no cluster id: the console service, which knows it, adds it. */
function bare(error: AppError): AppError {
  const { clusterId: _ignored, ...shape } = error.toShape()
  return new AppError(shape, { cause: error })
}

/** Opens the websocket of a console with the endpoint's session and pinned TLS; rejects with a clear AppError. */
export async function openUpstreamSocket(
  endpoint: ConsoleEndpoint,
  url: string,
  options: UpstreamSocketOptions,
): Promise<UpstreamSocket> {
  const { signal, timeoutMs } = options
  const origin = endpoint.url
  if (signal?.aborted === true) throw cancelled(origin)
  const headers = await endpoint.upgradeHeaders(signal)
  // The signal may have fired while the session was renewed.
  if (isAborted(signal)) throw cancelled(origin)
  const fingerprint = endpoint.fingerprint
  const pinned = fingerprint === undefined ? undefined : pinnedTlsConnect(fingerprint)
  const ws = newWebSocket(endpoint, url, {
    headers,
    perMessageDeflate: false,
    maxPayload: options.maxPayload ?? MAX_UPSTREAM_FRAME,
    handshakeTimeout: timeoutMs,
    followRedirects: false,
    // The pin is checked on secureConnect, before the upgrade request (and its cookie or token) is written.
    createConnection: ((opts: tls.ConnectionOptions) => {
      const host = opts.host ?? ''
      const connectOptions: tls.ConnectionOptions = {
        ...opts,
        path: undefined,
        servername: isIP(host) === 0 ? host : '',
      }
      return pinned === undefined
        ? tls.connect({ ...connectOptions, rejectUnauthorized: true })
        : pinned(connectOptions)
      // ws types this as net's createConnection; it calls it with the TLS options of the upgrade request.
    }) as unknown as ClientOptions['createConnection'],
  })
  return new Promise<UpstreamSocket>((resolve, reject) => {
    let settled = false
    const settle = (error?: AppError): void => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      signal?.removeEventListener('abort', onAbort)
      ws.off('open', onOpen)
      ws.off('unexpected-response', onRefused)
      if (error === undefined) {
        ws.off('error', onError)
        resolve(new UpstreamSocket(ws))
        return
      }
      // An error listener stays: ws reports the aborted handshake once more.
      ws.terminate()
      reject(bare(error))
    }
    const onOpen = (): void => {
      settle()
    }
    const onError = (error: Error): void => {
      settle(handshakeError(error, origin, timeoutMs))
    }
    const onRefused = (_req: unknown, res: { statusCode?: number; statusMessage?: string }): void => {
      settle(refusalError(res.statusCode ?? 0, res.statusMessage ?? '', endpoint))
    }
    const onAbort = (): void => {
      settle(cancelled(origin))
    }
    // ws's own timeout is an inactivity one: a node dripping bytes would hold the upgrade for ever.
    const deadline = setTimeout(() => {
      settle(timedOut(origin, timeoutMs))
    }, timeoutMs)
    ws.on('error', () => undefined)
    ws.on('error', onError)
    ws.once('open', onOpen)
    ws.once('unexpected-response', onRefused)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * `new WebSocket`, whose synchronous errors quote the whole URL, vncticket included: the error names the
 * endpoint only, and carries no cause that would bring the URL back into a log.
 */
function newWebSocket(endpoint: ConsoleEndpoint, url: string, options: ClientOptions): WebSocket {
  try {
    return new WebSocket(url, 'binary', options)
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error'
    throw new AppError({
      code: 'invalid_request',
      message: `${endpoint.url}: the console's websocket could not be opened (${name})`,
      detail: { url: endpoint.url },
    })
  }
}

const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true

const cancelled = (url: string): AppError =>
  new AppError({ code: 'cancelled', message: `${url}: cancelled`, detail: { url } })

const timedOut = (url: string, ms: number): AppError =>
  new AppError({
    code: 'timeout',
    message: `${url}: the console's websocket did not open within ${ms} ms`,
    detail: { url },
  })

/** A refused upgrade, with PVE's text (it puts it in the reason phrase). */
function refusalError(status: number, reason: string, endpoint: ConsoleEndpoint): AppError {
  const text = reason.trim() || `HTTP ${status}`
  if (status === 401) {
    // The console's own ticket (40 s, bound to user, path and port) is not the session: a new console gets a
    // new one. A token that is refused stays refused; a ticket session can log in again.
    const vncTicket = /PVEVNC/i.test(text)
    const code = !vncTicket && endpoint.credentialKind === 'token' ? 'auth_failed' : 'auth_expired'
    return new AppError({
      code,
      message: text,
      detail: { status: '401', ...(vncTicket ? { reason: 'vncticket' } : {}) },
    })
  }
  if (status < 400)
    return new AppError({
      code: 'bad_response',
      message: `${endpoint.url}: not a websocket answer (${status} ${text})`,
    })
  return httpError(status, text, undefined, { clusterId: '', url: endpoint.url, login: false })
}

function handshakeError(error: Error, url: string, timeoutMs: number): AppError {
  if (error.message === 'Opening handshake has timed out') return timedOut(url, timeoutMs)
  const code = (error as { code?: unknown }).code
  // ws's own checks of the answer (Sec-WebSocket-Accept, the subprotocol) and a garbled HTTP answer.
  if (code === undefined || (typeof code === 'string' && code.startsWith('HPE_'))) {
    if (error.name !== 'AbortError' && error.name !== 'CertificatePinError')
      return new AppError({
        code: 'bad_response',
        message: `${url}: not a websocket answer (${error.message})`,
        detail: { url },
      })
  }
  return transportError(error, '', url)
}

const asBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)

/**
 * An open console websocket. One receiver at a time takes its messages (a handshake, then the relay); what
 * comes while none is set waits, so that no byte sent with the upgrade's answer is lost.
 */
export class UpstreamSocket extends Disposable {
  private receiver: ((data: Buffer) => void) | undefined
  private queued: Buffer[] = []
  private queuedBytes = 0
  private paused = false
  private error: AppError | undefined
  private readonly endEmitter = this._register(new Emitter<SocketEnd>())
  private readonly drainEmitter = this._register(new Emitter<void>())
  private ended: SocketEnd | undefined
  /** Bytes handed to `ws.send` whose write callback has not come yet: main's memory for a stalled PVE. */
  private unflushed = 0
  private stopped = false

  /** Fires once when the websocket is gone (not on dispose); a listener subscribing after that still hears it. */
  readonly onEnd = (listener: (end: SocketEnd) => void): IDisposable => {
    const subscription = this.endEmitter.event(listener)
    const ended = this.ended
    if (ended === undefined) return subscription
    let active = true
    queueMicrotask(() => {
      if (active && !this.isDisposed) listener(ended)
    })
    return toDisposable(() => {
      active = false
      subscription.dispose()
    })
  }

  constructor(private readonly ws: WebSocket) {
    super()
    ws.on('message', (data: RawData) => {
      this.receive(asBuffer(data))
    })
    ws.on('error', (error: Error) => {
      this.error ??= new AppError(
        {
          code: 'bad_response',
          message: `the console's websocket failed: ${error.message}`,
        },
        { cause: error },
      )
      // A node that broke the protocol is not owed a polite close (ws would wait 30 s for its close frame).
      ws.terminate()
    })
    ws.on('close', (code: number) => {
      if (this.ended !== undefined || this.isDisposed) return
      // 1006: no close frame, the connection broke; ws's own protocol errors close with 1002/1009.
      const end: SocketEnd = {
        code,
        clean: code !== 1006 && this.error === undefined,
        ...(this.error === undefined ? {} : { error: this.error }),
      }
      this.ended = end
      this.endEmitter.fire(end)
    })
  }

  get isDisposedNow(): boolean {
    return this.isDisposed
  }

  /** Fires once what waits to be written falls back below {@link WRITE_LOW_WATER} after `send` returned false. */
  readonly onDrain = this.drainEmitter.event

  /** Bytes written and not yet flushed to the connection. */
  get bufferedBytes(): number {
    return this.unflushed
  }

  /** Whether what waits to be written is at most {@link WRITE_HIGH_WATER}. */
  get writable(): boolean {
    return this.unflushed <= WRITE_HIGH_WATER
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  /** Hands every message from now on (and those that waited) to `receiver`. */
  setReceiver(receiver: ((data: Buffer) => void) | undefined): void {
    this.receiver = receiver
    while (this.receiver === receiver && receiver !== undefined && this.queued.length > 0) {
      const next = this.queued.shift() as Buffer
      this.queuedBytes -= next.length
      receiver(next)
    }
    this.applyPause()
  }

  private receive(data: Buffer): void {
    if (this.isDisposed) return
    if (this.receiver !== undefined) {
      this.receiver(data)
      return
    }
    this.queued.push(data)
    this.queuedBytes += data.length
    this.applyPause()
  }

  /**
   * Sends bytes as unfragmented binary frames (pveproxy drops fragmented ones) of at most
   * {@link MAX_CLIENT_FRAME} (it drops bigger ones): one frame when it fits, else several, so a caller whose
   * messages must stay whole (termproxy's `0:LEN:DATA`) keeps them under it. The data is always taken; false
   * once more than {@link WRITE_HIGH_WATER} waits to be written (then `onDrain` tells when to go on).
   */
  send(data: Uint8Array | string): boolean {
    if (this.isDisposed || this.ws.readyState !== WebSocket.OPEN) return true
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    for (let offset = 0; offset < bytes.length; offset += MAX_CLIENT_FRAME) {
      const frame = bytes.subarray(offset, offset + MAX_CLIENT_FRAME)
      this.unflushed += frame.length
      this.ws.send(frame, { binary: true }, () => {
        this.flushed(frame.length)
      })
    }
    if (this.unflushed > WRITE_HIGH_WATER) this.stopped = true
    return this.writable
  }

  private flushed(length: number): void {
    this.unflushed -= length
    if (!this.stopped || this.unflushed >= WRITE_LOW_WATER) return
    this.stopped = false
    if (!this.isDisposed && this.ended === undefined) this.drainEmitter.fire()
  }

  pause(): void {
    this.paused = true
    this.applyPause()
  }

  resume(): void {
    this.paused = false
    this.applyPause()
  }

  private applyPause(): void {
    if (this.isDisposed) return
    const stop = this.paused || this.queuedBytes > MAX_QUEUED
    if (stop && !this.ws.isPaused) this.ws.pause()
    else if (!stop && this.ws.isPaused) this.ws.resume()
  }

  /** Closes the connection at once: no socket and no timer of it survives. */
  override dispose(): void {
    if (this.isDisposed) return
    this.receiver = undefined
    this.queued = []
    super.dispose()
    this.ws.terminate()
  }
}

/** What a handshake may read before it must be over: a few protocol messages, never a stream. */
export const MAX_HANDSHAKE_BYTES = 64 * 1024

export interface HandshakeOptions {
  timeoutMs: number
  signal?: AbortSignal
  /** What to say when the socket ends before the handshake did (reads the task's exit status, say). */
  endedEarly(): Promise<AppError>
}

/** Reads exactly `n` bytes of the handshake (rejects when the socket ends, the deadline passes or on abort). */
export type ReadBytes = (n: number) => Promise<Buffer>

/**
 * Runs a handshake over `socket` with a bounded buffer, a deadline and the caller's signal; resolves to its
 * result and the bytes read beyond it. On any failure the socket is disposed.
 */
export async function runHandshake<T>(
  socket: UpstreamSocket,
  options: HandshakeOptions,
  run: (read: ReadBytes) => Promise<T>,
): Promise<{ value: T; rest: Buffer }> {
  let buffer: Buffer = Buffer.alloc(0)
  let failure: AppError | undefined
  let wake: (() => void) | undefined
  const fail = (error: AppError): void => {
    failure ??= error
    wake?.()
  }
  socket.setReceiver((data) => {
    buffer = buffer.length === 0 ? data : Buffer.concat([buffer, data])
    if (buffer.length > MAX_HANDSHAKE_BYTES)
      fail(new AppError({ code: 'bad_response', message: 'the console sent too much before it started' }))
    wake?.()
  })
  const ended = socket.onEnd(() => {
    void options.endedEarly().then(fail, (error: unknown) => {
      fail(AppError.from(error))
    })
  })
  const deadline = setTimeout(() => {
    fail(
      new AppError({
        code: 'timeout',
        message: `the console did not start within ${options.timeoutMs} ms`,
      }),
    )
  }, options.timeoutMs)
  const onAbort = (): void => {
    fail(new AppError({ code: 'cancelled', message: 'the console was cancelled while it started' }))
  }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted === true) onAbort()
  const read: ReadBytes = (n) =>
    new Promise<Buffer>((resolve, reject) => {
      const check = (): void => {
        if (failure !== undefined) {
          wake = undefined
          reject(failure)
        } else if (buffer.length >= n) {
          wake = undefined
          const out = buffer.subarray(0, n)
          buffer = buffer.subarray(n)
          resolve(out)
        }
      }
      wake = check
      check()
    })
  try {
    const value = await run(read)
    if (failure !== undefined) throw failure
    return { value, rest: buffer }
  } catch (error) {
    socket.dispose()
    throw AppError.from(error)
  } finally {
    clearTimeout(deadline)
    options.signal?.removeEventListener('abort', onAbort)
    ended.dispose()
    if (!socket.isDisposedNow) socket.setReceiver(undefined)
  }
}
