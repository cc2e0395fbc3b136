import type { z } from 'zod'

/** An invoke channel: the request main parses, the response it answers inside the result envelope. */
export interface InvokeSpec {
  request: z.ZodType
  response: z.ZodType
  /**
   * The renderer may cancel the call (it then answers `cancelled` at once). Only for reads with nothing to
   * undo (a probe, a test login): a change commits whatever the renderer does, so a cancel of any other
   * channel is ignored and the call answers what really happened.
   */
  cancellable?: true
}

/**
 * A stream channel (consoles, long transfers): `open` is parsed once when the renderer opens it, `up` for every
 * message the renderer sends, `down` types what main sends (main is trusted, so it is not parsed).
 * A message is either bytes (`Uint8Array`, see `bytes` in `schemas.ts`) or a JSON value. For example, in a
 * `console` domain: `'console:terminal': { open: z.object({ clusterId, node, vmid }).strict(), up: bytes,
 * down: bytes }` gives the renderer `pveDesk.openConsoleTerminal({…})` and main a handler
 * `(request, port, { signal }) => …` in the router's `streams` option (see `router.ts` and `stream-port.ts`).
 */
export interface StreamSpec {
  open: z.ZodType
  up: z.ZodType
  down: z.ZodType
}

/** One domain's channels: every name is `<domain>:<verb>`, so two domains can never claim the same one. */
export interface Domain<N extends string> {
  invoke: Record<`${N}:${string}`, InvokeSpec>
  events: Record<`${N}:${string}`, z.ZodType>
  streams: Record<`${N}:${string}`, StreamSpec>
}

/**
 * Declares a domain's channels (a file under `domains/`). The contract merges every domain into one map; the
 * channel names reach the preload through the manifest main sends, so a new channel is an edit of this one file.
 */
export const defineDomain = <const N extends string, const D extends Domain<N>>(_name: N, domain: D): D =>
  domain

/** A whole contract: what the router serves (the app's, merged in `contract.ts`, or a test's). */
export interface Contract {
  invoke: Record<string, InvokeSpec>
  events: Record<string, z.ZodType>
  streams: Record<string, StreamSpec>
}
