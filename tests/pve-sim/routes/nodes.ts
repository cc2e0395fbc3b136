// Per-node reads: status, version, RRD history (node and guests), network interfaces, certificates,
// subscription, package versions, journal, local disks, DNS and clock.

import { ok } from '../http'
import type { NodeState } from '../model'
import { findNode } from '../model'
import { bool, int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller } from '../router'
import { dnsInfo, packageVersions, subscriptionInfo, syslogLines, timeInfo } from '../views/node-facts'
import { versionInfo } from '../views/inventory'
import { diskList } from '../views/node-disks'
import { certificateInfo, networkInterfaces, nodeStatus } from '../views/node'
import type { Cf } from '../views/rrd'
import { guestRrd, nodeRrd } from '../views/rrd'
import { guestOf } from './guest-common'

export function nodeOf(rc: RouteContext): NodeState {
  const name = str(rc.params, 'node') ?? ''
  const node = findNode(rc.cluster, name)
  if (node === undefined) throw new ApiError(500, `no such cluster node '${name}'\n`)
  return node
}

const timeframe = (rc: RouteContext): string => str(rc.params, 'timeframe') ?? 'hour'
const cf = (rc: RouteContext): Cf => (str(rc.params, 'cf') === 'MAX' ? 'MAX' : 'AVERAGE')

export const NODE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    run: (rc) => ok(nodeStatus(rc.cluster, nodeOf(rc), rc.now)),
  },
  { method: 'GET', path: '/nodes/{node}/version', run: (rc) => ok(versionInfo(rc.cluster, nodeOf(rc))) },
  {
    method: 'GET',
    path: '/nodes/{node}/rrddata',
    run: (rc) => ok(nodeRrd(rc.cluster, nodeOf(rc), timeframe(rc), rc.now, cf(rc))),
  },
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/rrddata`,
    run: (rc) => ok(guestRrd(rc.cluster, guestOf(rc, type), timeframe(rc), rc.now, cf(rc))),
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
  {
    method: 'GET',
    path: '/nodes/{node}/subscription',
    run: (rc) => {
      const node = nodeOf(rc)
      const canAudit = rc.perms.has(caller(rc).authid, `/nodes/${node.name}`, 'Sys.Audit')
      return ok(subscriptionInfo(node, canAudit))
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/apt/versions',
    run: (rc) => ok(packageVersions(rc.cluster, nodeOf(rc))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/syslog',
    run: (rc) => {
      const opts: Parameters<typeof syslogLines>[2] = {}
      const start = int(rc.params, 'start')
      const limit = int(rc.params, 'limit')
      if (start !== undefined) opts.start = start
      if (limit !== undefined) opts.limit = limit
      for (const key of ['since', 'until', 'service'] as const) {
        const value = str(rc.params, key)
        if (value !== undefined) opts[key] = value
      }
      const { lines, total } = syslogLines(nodeOf(rc), rc.now, opts)
      return ok(lines, { total })
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/disks/list',
    run: (rc) => {
      const opts: Parameters<typeof diskList>[1] = {}
      const type = str(rc.params, 'type')
      if (type !== undefined) opts.type = type
      if (bool(rc.params, 'include-partitions') === true) opts.includePartitions = true
      if (bool(rc.params, 'skipsmart') === true) opts.skipsmart = true
      return ok(diskList(nodeOf(rc), opts))
    },
  },
  { method: 'GET', path: '/nodes/{node}/dns', run: (rc) => ok(dnsInfo(nodeOf(rc))) },
  { method: 'GET', path: '/nodes/{node}/time', run: (rc) => ok(timeInfo(nodeOf(rc), rc.now)) },
]
