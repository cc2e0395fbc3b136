/**
 * RFC 8785 (JSON Canonicalization Scheme) as the inventory snapshot's `inventory.json` is written: object keys
 * sorted by their UTF-16 code units at every level, no whitespace, numbers and strings as ECMAScript's
 * `JSON.stringify` writes them (which is what JCS specifies). Two captures of the same fleet give the same bytes,
 * so the SHA-256 and the signature are of the content, not of an accident of key order.
 *
 * Anything JSON cannot say exactly is refused rather than dropped or coerced (as `JSON.stringify` would do):
 * `undefined` in an array (or an array hole), NaN and ±Infinity, bigint, functions, symbols, objects
 * other than plain ones and arrays (Date, Map, class instances, boxed primitives), and cycles. A lone UTF-16
 * surrogate in a string is kept as the `\udXXX` escape `JSON.stringify` writes, so that it reads back the same.
 * A property whose value is `undefined` is absent (TypeScript's optional property), as in `JSON.stringify`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set(), '$')
}

export class CanonicalJsonError extends TypeError {
  constructor(
    readonly at: string,
    what: string,
  ) {
    super(`canonical JSON: ${what} at ${at}`)
    this.name = 'CanonicalJsonError'
  }
}

function write(value: unknown, ancestors: Set<object>, at: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(at, `${String(value)} is not a JSON number`)
      // ECMAScript Number::toString, -0 as 0: exactly JCS's number form.
      return JSON.stringify(value)
    case 'object':
      if (value === null) return 'null'
      return writeContainer(value, ancestors, at)
    default:
      throw new CanonicalJsonError(at, `a ${typeof value} is not JSON`)
  }
}

function writeContainer(value: object, ancestors: Set<object>, at: string): string {
  if (ancestors.has(value)) throw new CanonicalJsonError(at, 'a cycle')
  ancestors.add(value)
  try {
    if (Array.isArray(value)) {
      let out = '['
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new CanonicalJsonError(`${at}[${i}]`, 'an array hole')
        out += (i === 0 ? '' : ',') + write(value[i], ancestors, `${at}[${i}]`)
      }
      return out + ']'
    }
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null)
      throw new CanonicalJsonError(at, `a ${constructorName(proto)} object is not plain JSON`)
    if (Object.getOwnPropertySymbols(value).length > 0)
      throw new CanonicalJsonError(at, 'a symbol key is not JSON')
    const record = value as Record<string, unknown>
    // The default sort compares UTF-16 code units, which is JCS's order.
    const keys = Object.keys(record).sort()
    let out = '{'
    let first = true
    for (const key of keys) {
      const member = record[key]
      if (member === undefined) continue
      out += (first ? '' : ',') + JSON.stringify(key) + ':' + write(member, ancestors, `${at}.${key}`)
      first = false
    }
    return out + '}'
  } finally {
    ancestors.delete(value)
  }
}

function constructorName(proto: unknown): string {
  const ctor: unknown = (proto as { constructor?: unknown } | undefined)?.constructor
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'non-plain'
}
