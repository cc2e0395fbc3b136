// Checks a response against apidoc.json's `returns` schema the way a strict client would, with the wire
// format's known differences (QUIRKS.md): booleans travel as 0/1, some integers as strings. What a check finds
// comes back as a list of `path: problem` lines, so that a test failure names every mismatch at once.

export interface Tolerances {
  /** Keys the schema does not list but real servers send (each justified where it is declared). */
  extraKeys?: readonly string[]
  /** Keys whose integer or number travels as a string on real servers. */
  stringNumbers?: readonly string[]
  /** Required keys that real servers leave out in some states. */
  optional?: readonly string[]
  /** Keys the schema calls strings whose values keep the JSON type the config parser gave them (numbers). */
  typedConfigValues?: readonly string[]
  /** Keys real servers send as `null` (Perl's undef handed on by JSON): the key is there, without a value. */
  nullable?: readonly string[]
}

type Schema = Record<string, unknown>

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `net[n]` in the schema stands for net0, net1, …. */
function propertyFor(properties: Schema, key: string): Schema | undefined {
  const direct = properties[key]
  if (isSchema(direct)) return direct
  for (const [name, schema] of Object.entries(properties)) {
    if (!name.endsWith('[n]') || !isSchema(schema)) continue
    if (new RegExp(`^${name.slice(0, -3).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+$`).test(key))
      return schema
  }
  return undefined
}

function checkScalar(value: unknown, type: string, key: string, tol: Tolerances): string | undefined {
  if (
    tol.typedConfigValues?.includes(key) === true &&
    (typeof value === 'number' || typeof value === 'string')
  )
    return undefined
  const stringOk =
    tol.stringNumbers?.includes(key) === true && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
  switch (type) {
    case 'boolean':
      return value === 0 || value === 1 ? undefined : `boolean expected as 0/1, got ${JSON.stringify(value)}`
    case 'integer':
      return Number.isInteger(value) || stringOk
        ? undefined
        : `integer expected, got ${JSON.stringify(value)}`
    case 'number':
      return typeof value === 'number' || stringOk
        ? undefined
        : `number expected, got ${JSON.stringify(value)}`
    case 'string':
      return typeof value === 'string' ? undefined : `string expected, got ${JSON.stringify(value)}`
    default:
      return undefined
  }
}

export function validate(
  value: unknown,
  schema: unknown,
  where: string,
  tol: Tolerances,
  problems: string[],
): void {
  if (!isSchema(schema)) return
  const type = schema.type
  const key =
    where
      .split('.')
      .at(-1)
      ?.replace(/\[\d+\]$/, '') ?? ''
  if (value === null && tol.nullable?.includes(key) === true) return
  if (type === 'array') {
    if (!Array.isArray(value)) {
      problems.push(`${where}: array expected`)
      return
    }
    value.forEach((item, i) => {
      validate(item, schema.items, `${where}[${i}]`, tol, problems)
    })
    return
  }
  if (type === 'object' || (type === undefined && isSchema(schema.properties))) {
    if (!isSchema(value)) {
      if (type === 'object') problems.push(`${where}: object expected`)
      return
    }
    const properties = isSchema(schema.properties) ? schema.properties : undefined
    // No properties listed means the schema does not describe the object; additionalProperties allows extras.
    if (properties === undefined || Object.keys(properties).length === 0) return
    const open = schema.additionalProperties === 1
    for (const [name, prop] of Object.entries(properties)) {
      if (name.endsWith('[n]') || !isSchema(prop)) continue
      if (prop.optional !== 1 && !(name in value) && tol.optional?.includes(name) !== true) {
        problems.push(`${where}.${name}: required, missing`)
      }
    }
    for (const [name, item] of Object.entries(value)) {
      const prop = propertyFor(properties, name)
      if (prop === undefined) {
        if (!open && tol.extraKeys?.includes(name) !== true)
          problems.push(`${where}.${name}: not in the schema`)
        continue
      }
      validate(item, prop, `${where}.${name}`, tol, problems)
    }
    return
  }
  if (typeof type === 'string') {
    const problem = checkScalar(value, type, key, tol)
    if (problem !== undefined) problems.push(`${where}: ${problem}`)
  }
}

/** JSON type of a value, with integers told apart from other numbers (the fixtures keep that difference). */
export const jsonType = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v

/** For each kind of entry (by `type`, else one kind), every key with the JSON types seen. */
export function shape(data: unknown): Map<string, Map<string, Set<string>>> {
  const entries = (Array.isArray(data) ? data : [data]).filter(isSchema)
  const kinds = new Map<string, Map<string, Set<string>>>()
  for (const entry of entries) {
    const kind = typeof entry.type === 'string' ? entry.type : '*'
    const keys = kinds.get(kind) ?? new Map<string, Set<string>>()
    kinds.set(kind, keys)
    for (const [k, v] of Object.entries(entry))
      keys.set(k, (keys.get(k) ?? new Set<string>()).add(jsonType(v)))
  }
  return kinds
}
