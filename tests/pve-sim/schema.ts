// The shape of the generated routes/apidoc-schema.ts, and PVE's permission-check language as
// RPCEnvironment.pm `check_api2_permissions` / `exec_api2_perm_check` evaluates it:
// `['perm', path, [privs], 'any', 1]`, `['and', …]`, `['or', …]`, `['userid-param', 'self']`,
// `['userid-group', [privs]]`, `['perm-modify', path]`; `user: 'all'` lets any authenticated caller in,
// `user: 'world'` anyone; an endpoint with neither is for root@pam only.

import type { Permissions } from './access/permissions'
import { ROOT } from './access/permissions'
import type { Params } from './http'
import { str } from './params'

export interface SchemaParam {
  type: string | { enum: readonly unknown[] }
  optional?: boolean
  minimum?: number
  maximum?: number
  maxLength?: number
  /** JS source of the schema's pattern. */
  pattern?: string
  /** Another parameter this one needs. */
  requires?: string
}

export interface EndpointSchema {
  params: Readonly<Record<string, SchemaParam>>
  permissions: { check?: readonly unknown[]; user?: string }
  /** pveproxy forwards the call to {node}. */
  proxy: boolean
  /** API tokens may call it. */
  token: boolean
}

const fill = (template: string, params: Params): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => str(params, name) ?? '')

/** Returns the 403 detail (`/vms/100, VM.Audit`, or '' for a bare refusal), or undefined when allowed. */
function evaluate(
  check: readonly unknown[],
  perms: Permissions,
  authid: string,
  params: Params,
): string | undefined {
  const [test, ...rest] = check
  switch (test) {
    case 'perm': {
      const [path, privs, ...options] = rest as [string, string[], ...unknown[]]
      const opts = new Map<unknown, unknown>()
      for (let i = 0; i + 1 < options.length; i += 2) opts.set(options[i], options[i + 1])
      const required = opts.get('require_param')
      if (typeof required === 'string' && params[required] === undefined) return ''
      return perms.denial(authid, fill(path, params), privs, opts.get('any') === 1)
    }
    case 'and': {
      for (const sub of rest as unknown[][]) {
        const denial = evaluate(sub, perms, authid, params)
        if (denial !== undefined) return denial
      }
      return undefined
    }
    case 'or':
      return (rest as unknown[][]).some((sub) => evaluate(sub, perms, authid, params) === undefined)
        ? undefined
        : ''
    case 'userid-param':
      return str(params, 'userid') === authid ? undefined : ''
    case 'userid-group': {
      const [privs] = rest as [string[]]
      return perms.denial(authid, '/access/groups', privs, true) === undefined ? undefined : ''
    }
    case 'perm-modify': {
      const [path] = rest as [string]
      return perms.denial(authid, fill(path, params), ['Permissions.Modify']) === undefined ? undefined : ''
    }
    default:
      return ''
  }
}

/**
 * Whether authid may call the endpoint: undefined when allowed, otherwise what goes in the parentheses of
 * `Permission check failed (…)` (empty for checks PVE reports without detail).
 */
export function permissionDenial(
  schema: EndpointSchema,
  perms: Permissions,
  authid: string,
  params: Params,
): string | undefined {
  const { check, user } = schema.permissions
  if (user === 'world' || authid === ROOT) return undefined
  if (user === 'all') return undefined
  if (check !== undefined) return evaluate(check, perms, authid, params)
  return 'user != root@pam'
}
