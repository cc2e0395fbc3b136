/**
 * What both ends of the IPC wire agree on besides the contract's schemas: the Electron channel prefix and the
 * manifest of channel names. Free of the validation library on purpose: the sandboxed preload imports this file
 * and `api.ts` only, so its bundle stays tiny (a test bundles it and checks).
 */
export const CHANNEL_PREFIX = 'pvedesk:'

/** The Electron IPC message names besides one per invoke channel. */
export const WIRE = {
  /** Synchronous, at preload start: main answers the {@link ChannelManifest}. */
  manifest: `${CHANNEL_PREFIX}manifest`,
  subscribe: `${CHANNEL_PREFIX}subscribe`,
  unsubscribe: `${CHANNEL_PREFIX}unsubscribe`,
  event: `${CHANNEL_PREFIX}event`,
  /** Renderer → main: cancels the invoke with this call id. */
  cancel: `${CHANNEL_PREFIX}cancel`,
  /** Renderer → main: opens a stream; main answers on the same name with the stream's MessagePort. */
  stream: `${CHANNEL_PREFIX}stream`,
} as const

/**
 * The channel names of the contract, by kind. Main builds it from the merged contract and hands it to the
 * preload at start, so that adding a channel is an edit of one domain file and nothing else.
 */
export interface ChannelManifest {
  invoke: readonly string[]
  events: readonly string[]
  streams: readonly string[]
}

const CHANNEL_NAME = /^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/

/** Main is trusted, but a preload that builds methods from a list checks the list is one. */
export function isChannelManifest(value: unknown): value is ChannelManifest {
  if (value === null || typeof value !== 'object') return false
  const m = value as Record<string, unknown>
  const names = (list: unknown): boolean =>
    Array.isArray(list) && list.every((n) => typeof n === 'string' && CHANNEL_NAME.test(n))
  return names(m.invoke) && names(m.events) && names(m.streams)
}
