/**
 * How deeply JSON containers may nest in what an inventory snapshot file holds. PVE's deepest answers (a guest's
 * pending config, a firewall rule, an ACL) sit about a dozen levels below the root of `inventory.json`; 100 is
 * far above that and far below what the recursive schema (zod's JsonValue) and `canonicalJson` survive on the
 * stack (a RangeError near 5,000 levels, which would be an `internal` error instead of a refused file).
 */
export const MAX_JSON_DEPTH = 100

/**
 * The first path at which `value` nests containers deeper than `max` (the root container is depth 1), or
 * undefined. Iterative (its own stack, never the call stack), so that it can look at any depth JSON.parse
 * builds (V8 parses a million levels without complaint).
 */
export function tooDeepAt(value: unknown, max = MAX_JSON_DEPTH): string | undefined {
  if (!isContainer(value)) return undefined
  // Only containers are pushed, with their parent: a path is built only for the one refused.
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }]
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth > max) return pathOf(frame)
    const container = frame.value
    const keys: (string | number)[] = Array.isArray(container)
      ? container.map((_, i) => i)
      : Object.keys(container)
    for (const key of keys) {
      const member: unknown = (container as Record<string | number, unknown>)[key]
      if (isContainer(member)) stack.push({ value: member, depth: frame.depth + 1, key, parent: frame })
    }
  }
  return undefined
}

interface Frame {
  value: object
  depth: number
  key: string | number | undefined
  parent: Frame | undefined
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null

function pathOf(frame: Frame): string {
  const parts: string[] = []
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent)
    parts.push(typeof f.key === 'number' ? `[${f.key}]` : `.${f.key}`)
  return '$' + parts.reverse().join('')
}
