// The API tree: routes keyed by method and apidoc.json path template (`/nodes/{node}/qemu/{vmid}/config`).
// Each route's parameters, permission check, proxying and token flag come from the generated apidoc schema;
// a route only brings its handler.

import type { Identity } from './access/identity'
import type { Permissions } from './access/permissions'
import type { ClusterAuth } from './auth'
import type { Params, Reply } from './http'
import { apiError } from './http'
import type { ClusterState } from './model'
import { APIDOC } from './routes/apidoc-schema'
import type { EndpointSchema } from './schema'
import type { SimServices } from './services'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What a node knows when it answers: its cluster's state and keys, and who it is. */
export interface NodeContext {
  readonly cluster: ClusterState
  readonly node: string
  readonly auth: ClusterAuth
  /** Every node's current certificate fingerprint, for `ssl_fingerprint` in /nodes. */
  readonly fingerprints: ReadonlyMap<string, string>
  readonly services: SimServices
}

export interface RouteContext {
  readonly ctx: NodeContext
  readonly cluster: ClusterState
  /** Undefined only on `world` routes. */
  readonly identity: Identity | undefined
  /** Body, query and path parameters, verified against the route's schema. */
  readonly params: Params
  readonly now: number
  readonly perms: Permissions
}

export interface Route {
  method: Method
  /** The apidoc.json path template. */
  path: string
  /** The first PVE major that has the endpoint; older clusters answer 501 as for any unknown path. */
  since?: number
  /**
   * The permission check of older releases, where it differed from the PVE 9.1 schema (e.g. the agent calls
   * wanted `VM.Monitor` before `VM.GuestAgent.*` existed).
   */
  permissionsBefore?: { major: number; permissions: EndpointSchema['permissions'] }
  run(rc: RouteContext): Reply
}

/** A handler's error: becomes `{"data":null,"message":…}` with the first line as reason phrase. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message)
  }
}

/** `Permission check failed (<what>)`, or without parentheses when PVE gives no detail. */
export const forbidden = (what: string): ApiError =>
  new ApiError(403, what === '' ? 'Permission check failed\n' : `Permission check failed (${what})\n`)

/** The caller of a non-world route. */
export function caller(rc: RouteContext): Identity {
  if (rc.identity === undefined) throw new ApiError(401, 'No ticket')
  return rc.identity
}

/** Raises the 403 PVE raises when the caller lacks a privilege on a path. */
export function demand(rc: RouteContext, path: string, privs: readonly string[], any = false): void {
  const denial = rc.perms.denial(caller(rc).authid, path, privs, any)
  if (denial !== undefined) throw forbidden(denial)
}

interface Compiled {
  route: Route
  schema: EndpointSchema
  pattern: RegExp
  names: string[]
  statics: number
}

function compile(route: Route): Compiled {
  const names: string[] = []
  let statics = 0
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)
      if (param?.[1] === undefined) {
        if (segment !== '') statics++
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      }
      names.push(param[1])
      return '([^/]+)'
    })
    .join('/')
  const schema = APIDOC[`${route.method} ${route.path}`]
  if (schema === undefined)
    throw new Error(`pve-sim: ${route.method} ${route.path} is not in tools/served.ts`)
  return { route, schema, pattern: new RegExp(`^${source}$`), names, statics }
}

export interface Match {
  route: Route
  schema: EndpointSchema
  pathParams: Record<string, string>
}

export class Router {
  private readonly compiled: Compiled[]

  constructor(readonly routes: readonly Route[]) {
    const seen = new Set<string>()
    for (const r of routes) {
      const key = `${r.method} ${r.path}`
      if (seen.has(key)) throw new Error(`pve-sim: duplicate route ${key}`)
      seen.add(key)
    }
    // Static segments win over placeholders, as in PVE's handler tree.
    this.compiled = routes.map(compile).sort((a, b) => b.statics - a.statics)
  }

  find(method: string, path: string): Match | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue
      const m = c.pattern.exec(path)
      if (m === null) continue
      const pathParams: Record<string, string> = {}
      c.names.forEach((name, i) => {
        const raw = m[i + 1] ?? ''
        try {
          pathParams[name] = decodeURIComponent(raw)
        } catch {
          pathParams[name] = raw
        }
      })
      return { route: c.route, schema: c.schema, pathParams }
    }
    return undefined
  }
}

export const errorReply = (err: ApiError): Reply =>
  apiError(err.status, err.message, err.errors === undefined ? {} : { errors: err.errors })
