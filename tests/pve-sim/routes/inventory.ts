// The inventory a NOC reads first: version, cluster status, resources and nodes, each filtered by privilege.

import { ok } from '../http'
import type { ClusterState } from '../model'
import { findNode } from '../model'
import type { Permissions } from '../access/permissions'
import type { Route } from '../router'
import { caller } from '../router'
import { clusterStatus, nodeIndex, versionInfo } from '../views/inventory'
import type { ResourceType, ResourceVisibility } from '../views/resources'
import { clusterResources } from '../views/resources'

function visibility(cluster: ClusterState, perms: Permissions, authid: string): ResourceVisibility {
  return {
    guest: (vmid) => perms.has(authid, `/vms/${vmid}`, 'VM.Audit'),
    nodeStats: (node) => perms.has(authid, `/nodes/${node}`, 'Sys.Audit'),
    storage: (storage) => perms.has(authid, `/storage/${storage}`, 'Datastore.Audit'),
    pool: (pool) => perms.has(authid, `/pool/${pool}`, 'Pool.Audit'),
    sdn: (zone) => perms.has(authid, `/sdn/zones/${zone}`, 'SDN.Audit'),
  }
}

export const INVENTORY_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/version',
    run: (rc) => ok(versionInfo(rc.cluster, findNode(rc.cluster, rc.ctx.node))),
  },
  {
    method: 'GET',
    path: '/cluster/status',
    run: (rc) => ok(clusterStatus(rc.cluster, rc.ctx.node)),
  },
  {
    method: 'GET',
    path: '/cluster/resources',
    run: (rc) => {
      const type = rc.params.type as ResourceType | undefined
      const visible = visibility(rc.cluster, rc.perms, caller(rc).authid)
      return ok(clusterResources(rc.cluster, type, rc.now, visible))
    },
  },
  {
    method: 'GET',
    path: '/nodes',
    run: (rc) => {
      const authid = caller(rc).authid
      const canAudit = (node: string): boolean => rc.perms.has(authid, `/nodes/${node}`, 'Sys.Audit')
      return ok(nodeIndex(rc.cluster, rc.ctx.fingerprints, rc.now, canAudit))
    },
  },
]
