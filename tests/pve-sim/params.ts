// Parameter verification with JSONSchema.pm's wording, so that a bad call fails like on a real node:
// additionalProperties => 0 everywhere, booleans only 0/1 in form encoding, integers as decimal digits, enums
// listed in the message, minimum/maximum checked after the type.

import type { Params } from './http'

export type ParamType = 'string' | 'boolean' | 'integer' | 'number' | { enum: readonly string[] }

export interface ParamSpec {
  type: ParamType
  optional?: boolean
  minimum?: number
  maximum?: number
  /** A regular expression the whole value must match (JSONSchema `pattern`). */
  pattern?: RegExp
}

export type ParamSchema = Record<string, ParamSpec>

const typeName = (type: ParamType): string => (typeof type === 'string' ? type : 'string')

function checkRange(value: number, spec: ParamSpec): string | undefined {
  if (spec.minimum !== undefined && value < spec.minimum) return `value must have a minimum value of ${spec.minimum}`
  if (spec.maximum !== undefined && value > spec.maximum) return `value must have a maximum value of ${spec.maximum}`
  return undefined
}

function checkValue(value: unknown, spec: ParamSpec): string | undefined {
  const type = spec.type
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  if (type === 'boolean') {
    if (value === true || value === false || text === '0' || text === '1') return undefined
    return `type check ('boolean') failed - got '${text ?? JSON.stringify(value)}'`
  }
  if (text === undefined) return `type check ('${typeName(type)}') failed - got ${JSON.stringify(value)}`
  if (type === 'integer') {
    if (!/^[+-]?\d+$/.test(text)) return `type check ('integer') failed - got '${text}'`
    return checkRange(Number(text), spec)
  }
  if (type === 'number') {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return `type check ('number') failed - got '${text}'`
    return checkRange(Number(text), spec)
  }
  if (type !== 'string') {
    if (type.enum.includes(text)) return undefined
    return `value '${text}' does not have a value in the enumeration '${type.enum.join(', ')}'`
  }
  if (spec.pattern !== undefined && !spec.pattern.test(text)) return 'value does not match the regex pattern'
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

// Schemas of the path parameters every /nodes route shares (pve-node, pve-vmid).
export const NODE: ParamSpec = { type: 'string', pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/ }
export const VMID: ParamSpec = { type: 'integer', minimum: 100, maximum: 999_999_999 }
