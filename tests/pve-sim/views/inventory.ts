// GET /cluster/status, /nodes and /version as pve-manager builds them.

import { nodeUsage, perlFloat } from '../live'
import type { ClusterState, NodeState } from '../model'
import { isQuorate, secondsSince } from '../model'
import type { Entry } from './resources'

/** Nodes resolve to loopback here: every simulated node listens on 127.0.0.1. */
const NODE_IP = '127.0.0.1'

export function clusterStatus(cluster: ClusterState, localNode: string): Entry[] {
  const nodes = cluster.nodes.map((node): Entry => ({
    type: 'node',
    id: `node/${node.name}`,
    name: node.name,
    nodeid: node.nodeid,
    ip: NODE_IP,
    local: node.name === localNode ? 1 : 0,
    online: node.online ? 1 : 0,
    level: '',
  }))
  if (!cluster.clustered) return nodes
  const summary: Entry = {
    type: 'cluster',
    id: 'cluster',
    name: cluster.name,
    nodes: cluster.nodes.length,
    version: cluster.configVersion,
    quorate: isQuorate(cluster) ? 1 : 0,
  }
  return [summary, ...nodes]
}

/** /nodes: like the node entries of /cluster/resources plus `ssl_fingerprint`, without cgroup-mode. */
export function nodeIndex(
  cluster: ClusterState,
  fingerprints: ReadonlyMap<string, string>,
  now: number,
  canAudit: (node: string) => boolean = () => true,
): Entry[] {
  return cluster.nodes.map((node) => {
    const rootfs = cluster.storages.find((s) => s.node === node.name && s.storage === 'local')
    const status = node.online ? 'online' : 'offline'
    const fingerprint = fingerprints.get(node.name) ?? ''
    // Without Sys.Audit on the node PVE lists it without any figure.
    if (!canAudit(node.name))
      return { id: `node/${node.name}`, type: 'node', node: node.name, status, ssl_fingerprint: fingerprint }
    const entry: Entry = {
      id: `node/${node.name}`,
      type: 'node',
      node: node.name,
      status,
      level: '',
      ssl_fingerprint: fingerprint,
      maxcpu: node.maxcpu,
      maxmem: node.maxmem,
      maxdisk: rootfs?.maxdisk ?? 0,
    }
    if (!node.online) return entry
    const usage = nodeUsage(cluster, node)
    return {
      ...entry,
      uptime: secondsSince(node.bootedAt, now),
      cpu: perlFloat(usage.cpu),
      mem: usage.mem,
      disk: rootfs?.disk ?? 0,
    }
  })
}

/** GET /version and /nodes/{node}/version: what the node answering runs (a node may lag behind its peers). */
export const versionInfo = (cluster: ClusterState, node?: NodeState): Entry => ({
  version: node?.managerVersion?.version ?? cluster.version,
  release: cluster.release,
  repoid: node?.managerVersion?.repoid ?? cluster.repoid,
})
