// HA configuration as pve-ha-manager's API2/HA modules list it: groups (ha/groups.cfg, PVE 8; on PVE 9 the CRM
// has migrated them to rules and the group calls fail), rules (ha/rules.cfg, PVE 9: node and resource
// affinity), and the manager status file with the LRM status of every node (Status.pm `manager_status`).

import { createHash } from 'node:crypto'

import type { ClusterState } from '../model'
import { isQuorate } from '../model'
import { haCrmState } from '../tasks/ha-agent'
import { haResources } from './cluster-jobs'
import type { Json } from './guests'

const digestOf = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('hex')

/** Groups.pm `index` on PVE 9 once the CRM migrated the groups (`have_groups_been_migrated`). */
export const GROUPS_MIGRATED = 'cannot index groups: ha groups have been migrated to rules\n'

/** GET /cluster/ha/groups (PVE 8): `type: group`, `nodes` as written, flags only when set. */
export function haGroupEntries(cluster: ClusterState): Json[] {
  const digest = digestOf(cluster.haGroups)
  return cluster.haGroups.map((g) => {
    const entry: Json = { group: g.group, type: 'group', nodes: g.nodes }
    if (g.restricted === true) entry.restricted = 1
    if (g.nofailback === true) entry.nofailback = 1
    if (g.comment !== undefined) entry.comment = g.comment
    entry.digest = digest
    return entry
  })
}

/**
 * GET /cluster/ha/rules (PVE 9), in file order (`foreach_rule … sorted => 1`) with `order` from 1: resources
 * sorted and comma-joined, node-affinity `nodes` sorted by name (NodeAffinity.pm `encode_plugin_value`), boolean
 * options only when set (`set_rule_defaults` fills only truthy defaults). `type` and `resource` filter.
 */
export function haRuleEntries(cluster: ClusterState, filter: { type?: string; resource?: string }): Json[] {
  const digest = digestOf(cluster.haRules)
  return cluster.haRules.flatMap((rule, index) => {
    if (filter.type !== undefined && rule.type !== filter.type) return []
    if (filter.resource !== undefined && !rule.resources.includes(filter.resource)) return []
    const entry: Json = { rule: rule.rule, type: rule.type, resources: [...rule.resources].sort().join(',') }
    if (rule.type === 'node-affinity') {
      entry.nodes = [...rule.nodes].sort().join(',')
      if (rule.strict === true) entry.strict = 1
    } else {
      entry.affinity = rule.affinity
    }
    if (rule.disable === true) entry.disable = 1
    if (rule.comment !== undefined) entry.comment = rule.comment
    entry.digest = digest
    entry.order = index + 1
    return [entry]
  })
}

/** A CRM service uid: 22 base64 characters, stable per service. */
const uidOf = (sid: string): string => createHash('md5').update(sid).digest('base64').replace(/=+$/, '')

/**
 * GET /cluster/ha/status/manager_status: `{manager_status, quorum, lrm_status}`; a node that has never run HA
 * (a standalone node) has an empty manager status and no lrm_status.
 */
export function managerStatus(cluster: ClusterState, localNode: string, now: number): Json {
  const quorum = { node: localNode, quorate: isQuorate(cluster) ? 1 : 0 }
  const resources = haResources(cluster)
  if (!cluster.clustered || resources.length === 0) return { manager_status: {}, quorum }
  const nowS = Math.floor(now / 1000)
  const master = cluster.nodes.find((n) => n.online)?.name ?? localNode
  const nodeStatus: Json = {}
  const lrmStatus: Json = {}
  for (const node of cluster.nodes) {
    nodeStatus[node.name] = node.online ? 'online' : 'unknown'
    lrmStatus[node.name] = {
      mode: 'active',
      results: {},
      state: resources.some((r) => String(r.sid).length > 0) ? 'active' : 'wait_for_agent_lock',
      timestamp: node.online ? nowS : nowS - 120,
    }
  }
  const serviceStatus: Json = {}
  for (const resource of resources) {
    const sid = String(resource.sid)
    const guest = cluster.guests.find((g) => `${g.type === 'qemu' ? 'vm' : 'ct'}:${g.vmid}` === sid)
    if (guest === undefined) continue
    const online = cluster.nodes.find((n) => n.name === guest.node)?.online === true
    const state = online ? haCrmState(guest) : 'fence'
    const entry: Json = { node: guest.node, state, uid: uidOf(sid) }
    if (state === 'migrate' && guest.haService?.target !== undefined) entry.target = guest.haService.target
    if (online && guest.status === 'running') entry.running = 1
    serviceStatus[sid] = entry
  }
  return {
    manager_status: {
      master_node: master,
      node_status: nodeStatus,
      service_status: serviceStatus,
      timestamp: nowS,
    },
    quorum,
    lrm_status: lrmStatus,
  }
}
