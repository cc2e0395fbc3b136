import type { FleetItem } from '../../shared/model/fleet'
import type { PveClient } from '../pve/pve-client'

/**
 * QEMU run states that `/cluster/resources` does not carry: PVE reports a paused VM as `running` there, and
 * only `GET /nodes/{node}/qemu?full=1` asks QEMU (`qmpstatus`). That costs one request per node, so it runs on a
 * slow cadence, beside the one-request-per-interval poll of the tree, never instead of it.
 */
export async function fetchQemuRunStates(
  client: PveClient,
  nodes: string[],
  signal?: AbortSignal,
): Promise<Map<number, string>> {
  const states = new Map<number, string>()
  await Promise.all(
    nodes.map(async (node) => {
      try {
        const list = await client.call('GET', `/nodes/${encodeURIComponent(node)}/qemu`, { full: 1 }, signal)
        if (!Array.isArray(list)) return
        for (const entry of list as { vmid?: unknown; qmpstatus?: unknown }[]) {
          const vmid = Number(entry.vmid)
          if (Number.isInteger(vmid) && typeof entry.qmpstatus === 'string') states.set(vmid, entry.qmpstatus)
        }
      } catch {
        // A node that fails here keeps its guests' last known run state; the tree's own poll reports the node.
      }
    }),
  )
  return states
}

/** The run states laid on an inventory: only running VMs have one; items are replaced, never mutated. */
export function withRunStates(
  items: Map<string, FleetItem>,
  states: ReadonlyMap<number, string>,
): Map<string, FleetItem> {
  if (states.size === 0) return items
  for (const [key, item] of items) {
    if (item.kind !== 'guest' || item.type !== 'qemu' || item.status !== 'running') continue
    const qmpstatus = states.get(item.vmid)
    if (qmpstatus !== undefined && qmpstatus !== item.qmpstatus) items.set(key, { ...item, qmpstatus })
  }
  return items
}
