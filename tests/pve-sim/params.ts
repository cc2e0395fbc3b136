// Parameter verification with JSONSchema.pm's wording, so that a bad call fails like on a real node:
// additionalProperties => 0 everywhere, booleans only 0/1 in form encoding, integers as decimal digits, enums
// listed in the message, minimum/maximum checked after the type.

import type { Params } from './http'

import type { SchemaParam } from './schema'

export type ParamSchema = Readonly<Record<string, SchemaParam>>

const patterns = new Map<string, RegExp>()
const compiled = (source: string): RegExp => {
  let re = patterns.get(source)
  if (re === undefined) {
    re = new RegExp(`^(?:${source})$`)
    patterns.set(source, re)
  }
  return re
}

function checkRange(value: number, spec: SchemaParam): string | undefined {
  if (spec.minimum !== undefined && value < spec.minimum)
    return `value must have a minimum value of ${spec.minimum}`
  if (spec.maximum !== undefined && value > spec.maximum)
    return `value must have a maximum value of ${spec.maximum}`
  return undefined
}

function checkValue(value: unknown, spec: SchemaParam): string | undefined {
  const type = spec.type
  // Array parameters may come as one value or several (repeated keys, JSON arrays).
  if (type === 'array') return undefined
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  if (type === 'boolean') {
    if (value === true || value === false || text === '0' || text === '1') return undefined
    return `type check ('boolean') failed - got '${text ?? JSON.stringify(value)}'`
  }
  const name = typeof type === 'string' ? type : 'string'
  if (text === undefined) return `type check ('${name}') failed - got ${JSON.stringify(value)}`
  if (type === 'integer') {
    if (!/^[+-]?\d+$/.test(text)) return `type check ('integer') failed - got '${text}'`
    return checkRange(Number(text), spec)
  }
  if (type === 'number') {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
      return `type check ('number') failed - got '${text}'`
    return checkRange(Number(text), spec)
  }
  if (typeof type !== 'string') {
    if (type.enum.includes(text)) return undefined
    return `value '${text}' does not have a value in the enumeration '${type.enum.join(', ')}'`
  }
  if (spec.maxLength !== undefined && text.length > spec.maxLength) {
    return `value may only be ${spec.maxLength} characters long`
  }
  if (spec.pattern !== undefined && !compiled(spec.pattern).test(text))
    return 'value does not match the regex pattern'
  return undefined
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
    const problem = checkValue(value, spec)
    if (problem !== undefined) errors[name] = problem
    if (spec.requires !== undefined && params[spec.requires] === undefined) {
      errors[spec.requires] = `missing property - '${name}' requires this property`
    }
  }
  for (const name of Object.keys(params)) {
    if (!(name in schema)) {
      errors[name] = 'property is not defined in schema and the schema does not allow additional properties'
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined
}

// Readers for verified parameters: form values are strings, JSON values may be numbers or booleans.

export const str = (params: Params, name: string): string | undefined => {
  const value = params[name]
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

export const int = (params: Params, name: string): number | undefined => {
  const value = str(params, name)
  return value === undefined ? undefined : Number(value)
}

export const bool = (params: Params, name: string): boolean | undefined => {
  const value = params[name]
  if (value === undefined) return undefined
  return value === true || value === 1 || value === '1'
}
