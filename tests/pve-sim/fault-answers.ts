// The two faults that are about the answer's body rather than whether it comes: an answer dripped a few bytes a
// second (a saturated WAN link, a wedged proxy) and one far larger than any Proxmox VE sends. Both stream, so the
// simulator itself never holds the body, and both record how far they got before the client went away.

import type { ServerResponse } from 'node:http'

import type { Reply } from './http'
import type { NodeServer } from './node-server'

const CHUNK = Buffer.alloc(64 * 1024, 'x')
const PREFIX = Buffer.from('{"data":"')
const SUFFIX = Buffer.from('"}')

export interface StreamProgress {
  bytes: number
  cut: boolean
}

function watch(res: ServerResponse, progress: StreamProgress, onClose: () => void = () => undefined): void {
  res.once('close', () => {
    if (!res.writableFinished) progress.cut = true
    onClose()
  })
}

/**
 * `200` with `{"data":"xxx…"}` of exactly `bytes` bytes (at least 11), with `Content-Length` unless `chunked`.
 * Written as fast as the client reads (back-pressure), from one reused chunk.
 */
export function sendOversize(
  res: ServerResponse,
  bytes: number,
  chunked: boolean,
  progress: StreamProgress,
): void {
  const total = Math.max(bytes, PREFIX.length + SUFFIX.length)
  res.writeHead(200, 'OK', {
    'Content-Type': 'application/json;charset=UTF-8',
    Connection: 'close',
    ...(chunked ? {} : { 'Content-Length': total }),
  })
  watch(res, progress)
  let remaining = total - PREFIX.length - SUFFIX.length
  const send = (piece: Buffer): boolean => {
    progress.bytes += piece.length
    return res.write(piece)
  }
  const pump = (): void => {
    while (remaining > 0) {
      if (res.destroyed) return
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, remaining))
      remaining -= piece.length
      if (!send(piece)) {
        res.once('drain', pump)
        return
      }
    }
    progress.bytes += SUFFIX.length
    res.end(SUFFIX)
  }
  if (send(PREFIX)) pump()
  else res.once('drain', pump)
}

/** The real answer, its headers at once (with its true `Content-Length`), then its body `bytesPerSecond` at a time. */
export function sendDripped(
  server: NodeServer,
  res: ServerResponse,
  reply: Reply,
  bytesPerSecond: number,
  progress: StreamProgress,
): void {
  const payload = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body))
  res.writeHead(reply.status, reply.reason, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': payload.length,
    Connection: 'close',
  })
  // Ten writes a second, or one byte at a time below ten bytes a second.
  const intervalMs = bytesPerSecond >= 10 ? 100 : Math.round(1000 / bytesPerSecond)
  const perWrite = Math.max(1, Math.round((bytesPerSecond * intervalMs) / 1000))
  let offset = 0
  let cancel: () => void = () => undefined
  watch(res, progress, () => {
    cancel()
  })
  const step = (): void => {
    if (res.destroyed) return
    const piece = payload.subarray(offset, offset + perWrite)
    offset += piece.length
    progress.bytes += piece.length
    if (offset >= payload.length) {
      res.end(piece)
      return
    }
    res.write(piece)
    cancel = server.later(intervalMs, step)
  }
  step()
}
