import { AppError } from '../../../shared/ipc/errors'
import { MAX_JSON_DEPTH } from './json-depth'

/**
 * RFC 8785 (JSON Canonicalization Scheme) as the inventory snapshot's `inventory.json` is written: object keys
 * sorted by their UTF-16 code units at every level, no whitespace, numbers and strings as ECMAScript's
 * `JSON.stringify` writes them (which is what JCS specifies). Two captures of the same fleet give the same bytes,
 * so the SHA-256 and the signature are of the content, not of an accident of key order.
 *
 * Anything JSON cannot say exactly is refused rather than dropped or coerced (as `JSON.stringify` would do):
 * `undefined` in an array (or an array hole), NaN and ±Infinity, bigint, functions, symbols, objects
 * other than plain ones and arrays (Date, Map, class instances, boxed primitives), cycles, and containers nested
 * deeper than {@link MAX_JSON_DEPTH} (the stack would give out near 5,000 levels: a RangeError, not a refusal).
 * A lone UTF-16 surrogate in a string or a key is refused too: JCS requires I-JSON (RFC 7493 §2.1), whose
 * strings are Unicode text; an escape would make bytes other canonicalizers refuse or write otherwise.
 * A property whose value is `undefined` is absent (TypeScript's optional property), as in `JSON.stringify`.
 * Every refusal is a {@link CanonicalJsonError}, an AppError (`internal`: what we write is our own data).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  write(value, out, new Set(), [], 0)
  // One join at the end: concatenating as we go makes a rope per value, and the garbage collector pays.
  return out.join('')
}

export class CanonicalJsonError extends AppError {
  constructor(
    readonly at: string,
    what: string,
  ) {
    super({
      code: 'internal',
      message: `canonical JSON: ${what} at ${at}`,
      detail: { at, reason: 'canonical_json' },
    })
    this.name = 'CanonicalJsonError'
  }
}

/** A UTF-16 surrogate without its other half: not Unicode text, not I-JSON. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function stringOf(text: string, path: Path, what: string): string {
  if (LONE_SURROGATE.test(text)) throw refuse(path, `a lone UTF-16 surrogate in a ${what} is not I-JSON`)
  return JSON.stringify(text)
}

/** Where a refused value is: `$.clusters[0].guests[3].config.cores`. Built only when something is refused. */
type Path = (string | number)[]
const refuse = (path: Path, what: string): CanonicalJsonError =>
  new CanonicalJsonError('$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''), what)

function write(value: unknown, out: string[], ancestors: Set<object>, path: Path, depth: number): void {
  switch (typeof value) {
    case 'string':
      out.push(stringOf(value, path, 'string'))
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
      else writeContainer(value, out, ancestors, path, depth + 1)
      return
    default:
      throw refuse(path, `a ${typeof value} is not JSON`)
  }
}

function writeContainer(
  value: object,
  out: string[],
  ancestors: Set<object>,
  path: Path,
  depth: number,
): void {
  if (ancestors.has(value)) throw refuse(path, 'a cycle')
  if (depth > MAX_JSON_DEPTH) throw refuse(path, `containers nested deeper than ${MAX_JSON_DEPTH}`)
  ancestors.add(value)
  if (Array.isArray(value)) {
    out.push('[')
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      if (!(i in value)) throw refuse(path, 'an array hole')
      if (i > 0) out.push(',')
      write(value[i], out, ancestors, path, depth)
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
      const name = stringOf(key, path, 'key')
      out.push(first ? name + ':' : ',' + name + ':')
      write(member, out, ancestors, path, depth)
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
