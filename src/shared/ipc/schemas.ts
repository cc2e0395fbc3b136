import { z } from 'zod'

import { MAX_STREAM_MESSAGE } from './stream'

/** Small schemas several domains share. */
export const empty = z.object({}).strict()
export const clusterId = z.string().min(1).max(64)
export const clusterRef = z.object({ clusterId }).strict()
export const httpsUrl = z.url({ protocol: /^https$/ }).max(300)
/** A password or token secret typed by the user: in once, to the keychain, never sent back. */
export const secret = z.string().min(1).max(4096)
export const fingerprint = z
  .string()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint AA:BB:…')
/** Raw bytes of a stream message (terminal output, RFB), at most one stream message long. */
export const bytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength <= MAX_STREAM_MESSAGE, `at most ${MAX_STREAM_MESSAGE} bytes`)
