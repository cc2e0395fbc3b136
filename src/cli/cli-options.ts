import type { parseArgs } from 'node:util'

import { AppError } from '../shared/ipc/errors'

/** Every option any command takes (node:util parseArgs, strict: an unknown option is a usage error). */
export const OPTIONS = {
  endpoint: { type: 'string', multiple: true },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  'token-id': { type: 'string' },
  'token-secret-stdin': { type: 'boolean', default: false },
  fingerprint: { type: 'string', multiple: true },
  trust: { type: 'boolean', default: false },
  name: { type: 'string' },
  site: { type: 'string' },
  'read-only': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  cluster: { type: 'string', multiple: true },
  output: { type: 'string' },
  format: { type: 'string' },
  signer: { type: 'string' },
  type: { type: 'string', default: 'vm' },
  filter: { type: 'string' },
  wait: { type: 'boolean', default: false },
  // Guest actions and bulk.
  timeout: { type: 'string' },
  'force-stop': { type: 'boolean', default: false },
  todisk: { type: 'boolean', default: false },
  target: { type: 'string', multiple: true },
  online: { type: 'boolean', default: false },
  'with-local-disks': { type: 'boolean', default: false },
  restart: { type: 'boolean', default: false },
  storage: { type: 'string', multiple: true },
  mode: { type: 'string' },
  compress: { type: 'string' },
  protected: { type: 'boolean', default: false },
  notes: { type: 'string' },
  vmstate: { type: 'boolean', default: false },
  description: { type: 'string' },
  start: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  // Tasks.
  running: { type: 'boolean', default: false },
  errors: { type: 'boolean', default: false },
  follow: { type: 'boolean', short: 'f', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

export type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values']

export const usage = (message: string): AppError => new AppError({ code: 'invalid_request', message })

export const need = (value: string | undefined, what: string): string => {
  if (value === undefined || value === '') throw usage(`missing ${what}`)
  return value
}

/** An option given at most once (the repeatable ones are repeatable for bulk's `CLUSTER=VALUE`). */
export function single(values: readonly string[] | undefined, option: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined
  if (values.length > 1) throw usage(`${option} is given once here`)
  return values[0]
}

/** A whole number in [min, max] from an option's text. */
export function integerOption(
  text: string | undefined,
  option: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(n) || n < min || n > max)
    throw usage(`${option} is a whole number from ${min} to ${max}`)
  return n
}

/** One of the listed words. */
export function oneOf<T extends string>(
  text: string | undefined,
  option: string,
  words: readonly T[],
): T | undefined {
  if (text === undefined) return undefined
  if (!(words as readonly string[]).includes(text)) throw usage(`${option} is ${words.join(', ')}`)
  return text as T
}

/** Refuses options that mean nothing to this command, rather than ignoring them. */
export function refuseOptions(v: Values, allowed: readonly (keyof Values)[], command: string): void {
  const defaults: Partial<Record<keyof Values, unknown>> = { type: 'vm' }
  for (const [key, value] of Object.entries(v) as [keyof Values, unknown][]) {
    if (allowed.includes(key) || key === 'help') continue
    const unset = value === undefined || value === false || (Array.isArray(value) && value.length === 0)
    if (!unset && value !== defaults[key]) throw usage(`${command} takes no --${key}`)
  }
}
