// One node's /api2/json: the order of checks follows pveproxy (method, body, ticket, CSRF, handler lookup,
// parameter verification), so that an unauthenticated call to an unknown path is a 401, not a 501.

import type { IncomingMessage } from 'node:http'

import { createTicket, TICKET_PARAMS } from './access'
import type { ClusterAuth } from './auth'
import type { Params, Reply } from './http'
import {
  apiError,
  bareError,
  BodyTooLarge,
  headerPair,
  mergeParams,
  notImplemented,
  ok,
  paramError,
  readBody,
} from './http'
import type { ClusterState } from './model'
import type { ParamSchema } from './params'
import { checkParams } from './params'
import { clusterStatus, DOMAINS, nodeIndex, versionInfo } from './views/inventory'
import type { ResourceType } from './views/resources'
import { clusterResources, RESOURCE_TYPES } from './views/resources'

const API_PREFIX = '/api2/json'
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE'])

/** What a node knows when it answers: its cluster's state and keys, and who it is. */
export interface NodeContext {
  readonly cluster: ClusterState
  readonly node: string
  readonly auth: ClusterAuth
  /** Every node's certificate fingerprint, for `ssl_fingerprint` in /nodes. */
  readonly fingerprints: ReadonlyMap<string, string>
  now(): number
}

interface Route {
  params: ParamSchema
  /** Reachable without a ticket (the hard-coded list in pve-manager's HTTPServer.pm). */
  public?: boolean
  run(ctx: NodeContext, params: Params): Reply
}

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /access/domains': { public: true, params: {}, run: () => ok(DOMAINS) },
  'GET /access/ticket': { public: true, params: {}, run: () => ok(null) },
  'POST /access/ticket': {
    public: true,
    params: TICKET_PARAMS,
    run: (ctx, params) => createTicket(ctx.cluster, ctx.auth, params, ctx.now()),
  },
  'GET /version': { params: {}, run: (ctx) => ok(versionInfo(ctx.cluster)) },
  'GET /cluster/status': { params: {}, run: (ctx) => ok(clusterStatus(ctx.cluster, ctx.node)) },
  'GET /cluster/resources': {
    params: { type: { type: { enum: RESOURCE_TYPES }, optional: true } },
    run: (ctx, params) =>
      ok(clusterResources(ctx.cluster, params.type as ResourceType | undefined, ctx.now())),
  },
  'GET /nodes': { params: {}, run: (ctx) => ok(nodeIndex(ctx.cluster, ctx.fingerprints, ctx.now())) },
}

export interface ApiOutcome {
  reply: Reply
  /** Whether a valid ticket came with the request. */
  authenticated: boolean
}

interface AuthCheck {
  authenticated: boolean
  /** Set when the request must be refused before any handler runs. */
  failure?: Reply
}

/** Ticket from the cookie first, then from `Authorization: PVEAuthCookie=…` (AnyEvent.pm). */
function checkAuth(ctx: NodeContext, req: IncomingMessage, method: string, isPublic: boolean): AuthCheck {
  const ticket =
    headerPair(req.headers.cookie, 'PVEAuthCookie') ?? headerPair(req.headers.authorization, 'PVEAuthCookie')
  const userid = ticket === undefined ? undefined : ctx.auth.verifyTicket(ticket, ctx.now())
  const authenticated = userid !== undefined
  if (isPublic) return { authenticated }
  if (ticket === undefined) {
    // v0 has no API tokens, so every token is unknown.
    const apiToken = headerPair(req.headers.authorization, 'PVEAPIToken')
    return {
      authenticated,
      failure: bareError(401, apiToken === undefined ? 'No ticket' : 'invalid token value!'),
    }
  }
  if (userid === undefined)
    return { authenticated, failure: bareError(401, 'permission denied - invalid PVE ticket') }
  const csrf = req.headers.csrfpreventiontoken
  if (method !== 'GET' && (typeof csrf !== 'string' || !ctx.auth.verifyCsrf(userid, csrf, ctx.now()))) {
    return { authenticated, failure: bareError(401, 'Permission denied - invalid csrf token') }
  }
  return { authenticated }
}

function relativePath(pathname: string): string | undefined {
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return undefined
  const rest = pathname.slice(API_PREFIX.length).replace(/\/+$/, '')
  return rest === '' ? '/' : rest
}

export async function handleApi(ctx: NodeContext, req: IncomingMessage): Promise<ApiOutcome> {
  const method = req.method ?? 'GET'
  const url = new URL(req.url ?? '/', 'https://localhost')
  const path = relativePath(url.pathname)
  let body: string
  try {
    body = await readBody(req)
  } catch (err) {
    if (err instanceof BodyTooLarge)
      return { reply: bareError(501, 'for data too large'), authenticated: false }
    throw err
  }
  if (path === undefined) return { reply: apiError(501, 'no such uri'), authenticated: false }
  if (!METHODS.has(method)) return { reply: notImplemented(method, path), authenticated: false }
  if ((method === 'GET' || method === 'DELETE') && body.length > 0) {
    return { reply: apiError(501, `Unexpected content for method '${method}'`), authenticated: false }
  }
  const route = ROUTES[`${method} ${path}`]
  const auth = checkAuth(ctx, req, method, route?.public === true)
  if (auth.failure !== undefined) return { reply: auth.failure, authenticated: auth.authenticated }
  if (route === undefined) return { reply: notImplemented(method, path), authenticated: auth.authenticated }
  let params: Params
  try {
    params = mergeParams(url.searchParams, body, req.headers['content-type'])
  } catch {
    return { reply: apiError(400, 'unable to parse request body\n'), authenticated: auth.authenticated }
  }
  const errors = checkParams(params, route.params)
  if (errors !== undefined) return { reply: paramError(errors), authenticated: auth.authenticated }
  return { reply: route.run(ctx, params), authenticated: auth.authenticated }
}
