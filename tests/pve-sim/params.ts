// Parameter verification with JSONSchema.pm's wording, so that a bad call fails like on a real node:
// additionalProperties => 0 everywhere, booleans only 0/1 in form encoding, enums listed in the message.

import type { Params } from './http'

export type ParamType = 'string' | 'boolean' | { enum: readonly string[] }

export interface ParamSpec {
  type: ParamType
  optional?: boolean
}

export type ParamSchema = Record<string, ParamSpec>

function checkValue(value: unknown, type: ParamType): string | undefined {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  if (type === 'boolean') {
    if (value === true || value === false || text === '0' || text === '1') return undefined
    return `type check ('boolean') failed - got '${text ?? JSON.stringify(value)}'`
  }
  if (text === undefined) return `type check ('string') failed - got ${JSON.stringify(value)}`
  if (type === 'string') return undefined
  if (type.enum.includes(text)) return undefined
  return `value '${text}' does not have a value in the enumeration '${type.enum.join(', ')}'`
}

/** The `errors` map of a 400, or undefined when the parameters pass. */
export function checkParams(params: Params, schema: ParamSchema): Record<string, string> | undefined {
  const errors: Record<string, string> = {}
  for (const [name, spec] of Object.entries(schema)) {
    const value = params[name]
    if (value === undefined) {
      if (spec.optional !== true) errors[name] = 'property is missing and it is not optional'
      continue
    }
    const problem = checkValue(value, spec.type)
    if (problem !== undefined) errors[name] = problem
  }
  for (const name of Object.keys(params)) {
    if (!(name in schema)) {
      errors[name] = 'property is not defined in schema and the schema does not allow additional properties'
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined
}
