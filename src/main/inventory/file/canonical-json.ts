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
  const out: string[] = []
  write(value, out, new Set(), [])
  // One join at the end: concatenating as we go makes a rope per value, and the garbage collector pays.
  return out.join('')
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

/** Where a refused value is: `$.clusters[0].guests[3].config.cores`. Built only when something is refused. */
type Path = (string | number)[]
const refuse = (path: Path, what: string): CanonicalJsonError =>
  new CanonicalJsonError('$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''), what)

function write(value: unknown, out: string[], ancestors: Set<object>, path: Path): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value))
      return
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'number':
      if (!Number.isFinite(value)) throw refuse(path, `${String(value)} is not a JSON number`)
      // ECMAScript Number::toString, -0 as 0: exactly JCS's number form.
      out.push(JSON.stringify(value))
      return
    case 'object':
      if (value === null) out.push('null')
      else writeContainer(value, out, ancestors, path)
      return
    default:
      throw refuse(path, `a ${typeof value} is not JSON`)
  }
}

function writeContainer(value: object, out: string[], ancestors: Set<object>, path: Path): void {
  if (ancestors.has(value)) throw refuse(path, 'a cycle')
  ancestors.add(value)
  if (Array.isArray(value)) {
    out.push('[')
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      if (!(i in value)) throw refuse(path, 'an array hole')
      if (i > 0) out.push(',')
      write(value[i], out, ancestors, path)
      path.pop()
    }
    out.push(']')
  } else {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null)
      throw refuse(path, `a ${constructorName(proto)} object is not plain JSON`)
    if (Object.getOwnPropertySymbols(value).length > 0) throw refuse(path, 'a symbol key is not JSON')
    const record = value as Record<string, unknown>
    // The default sort compares UTF-16 code units, which is JCS's order.
    const keys = Object.keys(record).sort()
    out.push('{')
    let first = true
    for (const key of keys) {
      const member = record[key]
      if (member === undefined) continue
      path.push(key)
      out.push(first ? JSON.stringify(key) + ':' : ',' + JSON.stringify(key) + ':')
      write(member, out, ancestors, path)
      path.pop()
      first = false
    }
    out.push('}')
  }
  // Not in a finally: after a refusal the whole write is abandoned, the set with it.
  ancestors.delete(value)
}

function constructorName(proto: unknown): string {
  const ctor: unknown = (proto as { constructor?: unknown } | undefined)?.constructor
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'non-plain'
}
