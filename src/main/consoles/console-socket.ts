import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
import type { Params } from '../pve/http-client'
import type { ConsoleEndpoint, ProxyAnswer } from './console-endpoint'
import {
  closedBeforeStart,
  consoleBase,
  consoleError,
  readProxyAnswer,
  taskOutcome,
  tokenUnsupported,
} from './console-endpoint'
import type { BatchOptions, BatchTimer } from './output-batcher'
import type { ReadBytes, UpstreamSocket } from './upstream-socket'
import { openUpstreamSocket, runHandshake, vncWebsocketUrl } from './upstream-socket'

export interface ConsoleUpstreamOptions {
  signal?: AbortSignal
  /** Deadline of each step of the opening: the POST, the websocket's upgrade, the handshake. */
  timeoutMs: number
  /** How often a terminal sends termproxy's ping `2` (the GUI: 30 s). */
  pingMs?: number
  /** The output batching window (16 ms). */
  batchMs?: number
  /** Flush at once when this much output is pending (200 KiB). */
  batchBytes?: number
  /** Output of a window sent at once before batching starts (4 KiB; 0: only the window's first chunk). */
  batchImmediateBytes?: number
  /** The batching window's timer (tests). */
  batchTimer?: BatchTimer
  /** Largest websocket message accepted from PVE. */
  maxPayload?: number
}

/** The batcher's options among a console's (the defaults where they are not given). */
export function batchOptions(options: ConsoleUpstreamOptions): BatchOptions {
  return {
    ...(options.batchMs === undefined ? {} : { delayMs: options.batchMs }),
    ...(options.batchBytes === undefined ? {} : { flushBytes: options.batchBytes }),
    ...(options.batchTimer === undefined ? {} : { timer: options.batchTimer }),
    ...(options.batchImmediateBytes === undefined ? {} : { immediateBytes: options.batchImmediateBytes }),
  }
}

/** How one kind of console starts: the POST that opens it, then a handshake over its websocket. */
export interface ConsoleOpening {
  kind: 'terminal' | 'vnc'
  /** The POST's path (termproxy, vncproxy, vncshell) and parameters. */
  path: string
  params?: Params
  /** Whose answer the POST reads (in errors): `termproxy`, `vncproxy`. */
  answers: string
  /** Said when the websocket ends before the handshake is over and the task does not tell why. */
  endedBefore: string
  /** The handshake over the websocket, with PVE's answer (the ticket, the VNC password). */
  handshake(read: ReadBytes, send: (bytes: Uint8Array | string) => void, answer: ProxyAnswer): Promise<void>
}

/**
 * Opens a console's websocket, pve-protocol.md §5: the POST on `endpoint`, the websocket on the same endpoint
 * and base path, the handshake. Rejects with a clear AppError (a token PVE refuses for consoles says so); resolves
 * to the socket, the bytes read beyond the handshake, which belong to the console's output, and PVE's answer
 * (its task's UPID tells later how the console ended).
 */
export async function openConsoleSocket(
  endpoint: ConsoleEndpoint,
  target: ConsoleTarget,
  opening: ConsoleOpening,
  options: ConsoleUpstreamOptions,
): Promise<{ socket: UpstreamSocket; rest: Buffer; answer: ProxyAnswer }> {
  const { signal, timeoutMs, kind } = { ...options, kind: opening.kind }
  const withSignal = signal === undefined ? {} : { signal }
  let data: unknown
  try {
    data = await endpoint.request('POST', opening.path, opening.params, signal)
  } catch (error) {
    throw tokenUnsupported(consoleError(error), endpoint, target, kind)
  }
  const answer = readProxyAnswer(data, opening.answers)
  const socket = await openUpstreamSocket(
    endpoint,
    vncWebsocketUrl(endpoint, consoleBase(target), answer.port, answer.ticket),
    {
      timeoutMs,
      ...withSignal,
      ...(options.maxPayload === undefined ? {} : { maxPayload: options.maxPayload }),
    },
  ).catch((error: unknown) => {
    throw tokenUnsupported(AppError.from(error), endpoint, target, kind)
  })
  const { rest } = await runHandshake(
    socket,
    {
      timeoutMs,
      ...withSignal,
      endedEarly: async () => {
        const outcome = await taskOutcome(endpoint, answer.upid, target.node, signal)
        const error = closedBeforeStart(outcome, opening.endedBefore)
        return tokenUnsupported(error, endpoint, target, kind, outcome?.log)
      },
    },
    (read) => opening.handshake(read, (bytes) => socket.send(bytes), answer),
  )
  // Cancelled just as it started: the caller will not take it, so nobody else would close it.
  if (signal?.aborted === true) {
    socket.dispose()
    throw new AppError({ code: 'cancelled', message: 'the console was cancelled while it started' })
  }
  return { socket, rest, answer }
}
