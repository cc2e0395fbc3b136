// What pve-ha-manager does when a node with HA guests dies (HA/Manager.pm `next_state_fence`,
// `next_state_recovery`, `recover_fenced_service`): its services go `fence`; once the dead node is fenced (its
// LRM lock expired: about two minutes on a real cluster, compressed here on the simulated clock) they go
// `recovery`, and the CRM steals each one to the best online node (`select_service_node`: the highest-priority
// node of its node-affinity rule, a non-strict rule falling back to any node; else the node with the fewest
// services), where a guest requested `started` starts. Nothing happens without quorum (no CRM master).

import type { ClusterState, GuestState } from '../model'
import { findNode, isQuorate } from '../model'
import { schedule } from './engine'
import { haRequestState } from './ha-agent'

/** Simulated time from the node's death to its fencing (real: the LRM lock's 120 s timeout, then fencing). */
export const FENCE_AFTER_MS = 60_000
/** Simulated time from the fencing to the CRM round that recovers the services. */
export const RECOVERY_AFTER_MS = 10_000

const sidOf = (guest: GuestState): string => `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`

/** The node a fenced service is recovered to, or undefined (it stays in `recovery`). */
export function recoveryNode(cluster: ClusterState, guest: GuestState): string | undefined {
  const online = cluster.nodes.filter((n) => n.online).map((n) => n.name)
  const rule = cluster.haRules.find(
    (r) => r.type === 'node-affinity' && r.disable !== true && r.resources.includes(sidOf(guest)),
  )
  if (rule?.type === 'node-affinity') {
    const ranked = rule.nodes
      .map((entry) => {
        const [name = '', priority = '0'] = entry.split(':')
        return { name, priority: Number(priority) }
      })
      .filter((n) => online.includes(n.name))
      .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name))
    if (ranked[0] !== undefined) return ranked[0].name
    if (rule.strict === true) return undefined
  }
  const load = (node: string): number => cluster.guests.filter((g) => g.ha && g.node === node).length
  return online.sort((a, b) => load(a) - load(b) || a.localeCompare(b))[0]
}

/**
 * Called when a node stops: fences and recovers its HA guests later on the simulated clock, unless it came back
 * first. `relocate` moves a guest to a node as a finished migration would (a running one runs on there).
 */
export function scheduleHaRecovery(
  cluster: ClusterState,
  nodeName: string,
  now: number,
  relocate: (guest: GuestState, target: string, atMs: number) => void,
): void {
  const dead = (): boolean => findNode(cluster, nodeName)?.online === false
  const mine = (): GuestState[] => cluster.guests.filter((g) => g.ha && g.node === nodeName)
  if (!cluster.clustered || mine().length === 0) return
  schedule(cluster, now + FENCE_AFTER_MS, (fencedAt) => {
    if (!dead() || !isQuorate(cluster)) return
    for (const guest of mine()) guest.haService = { request: haRequestState(guest), crm: 'recovery' }
    schedule(cluster, fencedAt + RECOVERY_AFTER_MS, (at) => {
      if (!isQuorate(cluster)) return
      for (const guest of mine()) {
        if (guest.haService?.crm !== 'recovery') continue
        const target = recoveryNode(cluster, guest)
        if (target === undefined) continue
        const request = guest.haService.request
        delete guest.haService
        // A guest requested stopped is recovered stopped; a started one starts on its new node.
        if (request === 'stopped') guest.status = 'stopped'
        relocate(guest, target, at)
      }
    })
  })
}
