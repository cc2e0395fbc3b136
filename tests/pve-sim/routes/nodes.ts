// Per-node reads: status, version, RRD history (node and guests), network interfaces, certificates.

import { ok } from '../http'
import type { NodeState } from '../model'
import { findNode } from '../model'
import { str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError } from '../router'
import { versionInfo } from '../views/inventory'
import { certificateInfo, networkInterfaces, nodeStatus } from '../views/node'
import { guestRrd, nodeRrd } from '../views/rrd'
import { guestOf } from './guest-common'

export function nodeOf(rc: RouteContext): NodeState {
  const name = str(rc.params, 'node') ?? ''
  const node = findNode(rc.cluster, name)
  if (node === undefined) throw new ApiError(500, `no such cluster node '${name}'\n`)
  return node
}

const timeframe = (rc: RouteContext): string => str(rc.params, 'timeframe') ?? 'hour'

export const NODE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    run: (rc) => ok(nodeStatus(rc.cluster, nodeOf(rc), rc.now)),
  },
  { method: 'GET', path: '/nodes/{node}/version', run: (rc) => ok(versionInfo(rc.cluster)) },
  {
    method: 'GET',
    path: '/nodes/{node}/rrddata',
    run: (rc) => ok(nodeRrd(rc.cluster, nodeOf(rc), timeframe(rc), rc.now)),
  },
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/rrddata`,
    run: (rc) => ok(guestRrd(rc.cluster, guestOf(rc, type), timeframe(rc), rc.now)),
  })),
  {
    method: 'GET',
    path: '/nodes/{node}/network',
    run: (rc) => ok(networkInterfaces(rc.cluster, nodeOf(rc), str(rc.params, 'type'))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/certificates/info',
    run: (rc) => {
      const cert = rc.ctx.services.certificateOf(nodeOf(rc).name)
      return ok(cert === undefined ? [] : certificateInfo(cert))
    },
  },
]
