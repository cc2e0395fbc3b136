// One node's /api2/json: the order of checks follows pveproxy (method, body, ticket or token, CSRF, handler
// lookup, token restrictions, permissions, proxying to {node}, parameter verification), so that an
// unauthenticated call to an unknown path is a 401, not a 501, and a forbidden call with bad parameters a 403.

import type { IncomingMessage } from 'node:http'

import type { Identity } from './access/identity'
import { authenticate, peekAuthenticated } from './access/identity'
import { Permissions } from './access/permissions'
import type { Params, Reply } from './http'
import { apiError, bareError, BodyTooLarge, mergeParams, notImplemented, paramError, readBody } from './http'
import type { ClusterState } from './model'
import { findNode, majorOf, rolesOf } from './model'
import { checkParams, str } from './params'
import type { Match, NodeContext, Router } from './router'
import { ApiError, errorReply, forbidden } from './router'
import { API_ROUTER } from './routes'
import { permissionDenial } from './schema'
import { settleTasks } from './tasks/engine'

export type { NodeContext } from './router'

const API_PREFIX = '/api2/json'
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE'])

export interface ApiOutcome {
  reply: Reply
  /** Whether valid credentials (ticket or token) came with the request. */
  authenticated: boolean
}

function relativePath(pathname: string): string | undefined {
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return undefined
  const rest = pathname.slice(API_PREFIX.length).replace(/\/+$/, '')
  return rest === '' ? '/' : rest
}

/** The ACL engine for one request; pool membership is looked up only when a guest path needs it. */
export function permissionsFor(cluster: ClusterState): Permissions {
  let pools: Map<number, string> | undefined
  const poolOf = (vmid: number): string | undefined => {
    pools ??= new Map(
      cluster.guests.flatMap((g) => (g.pool === undefined ? [] : [[g.vmid, g.pool] as const])),
    )
    return pools.get(vmid)
  }
  return new Permissions(cluster.access, rolesOf(cluster), poolOf, majorOf(cluster))
}

/** Query and body parameters plus the path's placeholders, which must not be contradicted. */
function collectParams(match: Match, url: URL, body: string, contentType: string | undefined): Params {
  const params = mergeParams(url.searchParams, body, contentType)
  const conflicts: Record<string, string> = {}
  for (const [name, value] of Object.entries(match.pathParams)) {
    const given = str(params, name)
    if (params[name] !== undefined && given !== value) {
      conflicts[name] = 'duplicate parameter (already defined in URI) with conflicting values!'
    }
    params[name] = value
  }
  if (Object.keys(conflicts).length > 0)
    throw new ApiError(400, 'Parameter verification failed.\n', conflicts)
  return params
}

/** pveproxy forwards `proxyto => 'node'` calls; a peer it cannot reach fails the call. */
function proxyFailure(cluster: ClusterState, params: Params): ApiError | undefined {
  const name = typeof params.node === 'string' ? params.node : ''
  const target = findNode(cluster, name)
  if (target === undefined) {
    return new ApiError(
      500,
      `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known\n`,
    )
  }
  return target.online ? undefined : new ApiError(595, 'No route to host')
}

function dispatch(ctx: NodeContext, match: Match, identity: Identity | undefined, params: Params): Reply {
  const { route } = match
  const older = route.permissionsBefore
  const schema =
    older !== undefined && majorOf(ctx.cluster) < older.major
      ? { ...match.schema, permissions: older.permissions }
      : match.schema
  const now = ctx.services.clock.now()
  const perms = permissionsFor(ctx.cluster)
  if (identity !== undefined) {
    if (identity.token !== undefined && !schema.token) {
      throw forbidden(`URI '${route.path}' not available with API token, need proper ticket.`)
    }
    const denial = permissionDenial(schema, perms, identity.authid, params)
    if (denial !== undefined) throw forbidden(denial)
  }
  if (schema.proxy) {
    const failure = proxyFailure(ctx.cluster, params)
    if (failure !== undefined) throw failure
  }
  const errors = checkParams(params, schema.params)
  if (errors !== undefined) return paramError(errors)
  return route.run({ ctx, cluster: ctx.cluster, identity, params, now, perms })
}

export async function handleApi(
  ctx: NodeContext,
  req: IncomingMessage,
  router: Router = API_ROUTER,
): Promise<ApiOutcome> {
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
  const now = ctx.services.clock.now()
  // Tasks that ended since the last request change the state before anyone looks at it.
  settleTasks(ctx.cluster, now)
  const match = router.find(method, path)
  let identity: Identity | undefined
  let authenticated: boolean
  if (match?.schema.permissions.user === 'world') {
    authenticated = peekAuthenticated(ctx.auth, ctx.cluster.access, req.headers, now)
  } else {
    const outcome = authenticate(ctx.auth, ctx.cluster.access, req.headers, method, now)
    if (outcome.failure !== undefined) return { reply: outcome.failure, authenticated: false }
    identity = outcome.identity
    authenticated = true
  }
  if (match === undefined || majorOf(ctx.cluster) < (match.route.since ?? 0)) {
    return { reply: notImplemented(method, path), authenticated }
  }
  try {
    let params: Params
    try {
      params = collectParams(match, url, body, req.headers['content-type'])
    } catch (err) {
      if (err instanceof ApiError) throw err
      throw new ApiError(400, 'unable to parse request body\n')
    }
    return { reply: dispatch(ctx, match, identity, params), authenticated }
  } catch (err) {
    if (err instanceof ApiError) return { reply: errorReply(err), authenticated }
    throw err
  }
}
