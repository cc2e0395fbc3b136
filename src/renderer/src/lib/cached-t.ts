import type { TFunction } from 'i18next'

/**
 * A `t` that remembers the strings it gave for keys without options (`kind.qemu`, `status.running`): the tree
 * asks for the same few words for every row it shows, and i18next resolves each call from scratch. Calls with
 * options (counts, names) go to `t` as they are. Make a new one when the language changes.
 */
export function cachedT(t: TFunction): TFunction {
  const cache = new Map<string, string>()
  const remembering = (key: string, options?: Record<string, unknown>): string => {
    if (options !== undefined) return t(key, options)
    let value = cache.get(key)
    if (value === undefined) {
      value = t(key)
      cache.set(key, value)
    }
    return value
  }
  // TFunction's overloads cannot be written as one plain function; the tree only calls (key) and (key, options).
  return remembering as unknown as TFunction
}
