import type { InventoryCluster, PveObject } from '../../../shared/model/inventory-snapshot'
import type { ItemRef, ChangeSink } from './compare'
import { DIGEST, fieldChanges, keyedLists, sameJson, str } from './compare'
import type { GuestIndexes } from './guest-index'
import { guestIndex, guestKey, siteOf } from './guest-index'

/** Replication and HA: the jobs and resources PVE runs for guests, and how they stand. */

// ---- Replication ----

export function diffReplication(
  sink: ChangeSink,
  b: InventoryCluster,
  a: InventoryCluster,
  ix: GuestIndexes,
): void {
  const guests = guestIndex(ix, a)
  const jobRef = (id: string, job: PveObject): ItemRef => {
    const vmid = Number(job.guest)
    const g = guests.get(vmid)
    return {
      category: 'replication',
      clusterId: a.id,
      subject: `replication job ${id}`,
      key: g === undefined ? undefined : guestKey(a.id, g.type, vmid),
      site: g === undefined ? undefined : siteOf(a, g.node),
    }
  }
  keyedLists(b.replication.jobs, a.replication.jobs, (j) => str(j, 'id'), {
    removed: (id, j) => sink.push({ ...jobRef(id, j), kind: 'removed' }),
    added: (id, j) => sink.push({ ...jobRef(id, j), kind: 'added' }),
    both: (id, x, y) => fieldChanges(sink, jobRef(id, y), x, y, { ignore: DIGEST }),
  })
  const states = (c: InventoryCluster): PveObject[] => c.replication.state.flatMap((s) => s.entries)
  const stateOf = (e: PveObject): string => {
    const error = str(e, 'error')
    if (error !== undefined) return `error: ${error}`
    const failures = typeof e.fail_count === 'number' ? e.fail_count : Number(str(e, 'fail_count') ?? 0)
    return failures > 0 ? `failing (${failures})` : 'ok'
  }
  keyedLists(states(b), states(a), (e) => str(e, 'id'), {
    removed: () => undefined,
    added: () => undefined,
    both: (id, x, y) => {
      const before = stateOf(x)
      const after = stateOf(y)
      if (before !== after) sink.push({ ...jobRef(id, y), kind: 'changed', field: 'state', before, after })
    },
  })
}

// ---- HA ----

export function diffHa(sink: ChangeSink, b: InventoryCluster, a: InventoryCluster, ix: GuestIndexes): void {
  const guests = guestIndex(ix, a)
  const resourceRef = (sid: string): ItemRef => {
    const vmid = Number(sid.split(':')[1])
    const g = guests.get(vmid)
    return {
      category: 'ha',
      clusterId: a.id,
      subject: `HA resource ${sid}`,
      key: g === undefined ? undefined : guestKey(a.id, g.type, vmid),
      site: g === undefined ? undefined : siteOf(a, g.node),
    }
  }
  keyedLists(b.ha.resources, a.ha.resources, (r) => str(r, 'sid'), {
    removed: (id) => sink.push({ ...resourceRef(id), kind: 'removed' }),
    added: (id) => sink.push({ ...resourceRef(id), kind: 'added' }),
    both: (id, x, y) => fieldChanges(sink, resourceRef(id), x, y, { ignore: DIGEST }),
  })
  const services = (c: InventoryCluster): PveObject[] | undefined =>
    c.ha.status?.filter((s) => s.type === 'service')
  keyedLists(services(b), services(a), (s) => str(s, 'sid'), {
    removed: () => undefined,
    added: () => undefined,
    both: (id, x, y) => {
      for (const k of ['status', 'node'])
        if (!sameJson(x[k], y[k]))
          sink.push({ ...resourceRef(id), kind: 'changed', field: `current ${k}`, before: x[k], after: y[k] })
    },
  })
  for (const [list, word, idKey] of [
    ['groups', 'HA group', 'group'],
    ['rules', 'HA rule', 'rule'],
  ] as const) {
    const ref = (id: string): ItemRef => ({ category: 'ha', clusterId: a.id, subject: `${word} ${id}` })
    keyedLists(b.ha[list], a.ha[list], (g) => str(g, idKey), {
      removed: (id) => sink.push({ ...ref(id), kind: 'removed' }),
      added: (id) => sink.push({ ...ref(id), kind: 'added' }),
      both: (id, x, y) => fieldChanges(sink, ref(id), x, y, { ignore: DIGEST }),
    })
  }
}
