import type { InventoryCluster, InventoryDiff, JsonValue } from '../../../shared/model/inventory-snapshot'
import type { VerifiedInventory } from '../file/inventory-file'
import { diffAccess, diffFirewall } from './diff-security'
import { diffBackups, diffGuests } from './diff-guests'
import { diffDr } from './diff-dr'
import { diffNodes } from './diff-nodes'
import { diffHa, diffReplication } from './diff-services'
import type { GuestIndexes } from './guest-index'
import type { ItemRef } from './compare'
import { DIGEST, ChangeSink, fieldChanges, keyedLists, sameJson, str } from './compare'

/** What the diff reads of a verified inventory snapshot. */
export type DiffSide = Pick<VerifiedInventory, 'snapshot' | 'sha256'>

/**
 * What drifted between two inventory snapshots, `from` the older to `to` the newer: one change per item added or
 * removed, per guest moved or renamed, per field changed. Items are linked by the fleet keys of the live tree
 * (src/main/fleet/normalize.ts): `<clusterId>/<type>/<vmid>`, `<clusterId>/node/<node>`, `<clusterId>/pool/<pool>`.
 * A guest is `<clusterId>/<vmid>`: PVE keeps a vmid unique in a cluster, so a guest that moves between nodes is
 * the same guest. A part absent on either side was not captured there, and nothing is said of it. Changes come in
 * a stable order: category, cluster, then item and field in code-unit (vmid: numeric) order.
 */
export function diffInventories(from: DiffSide, to: DiffSide): InventoryDiff {
  const sink = new ChangeSink()
  const ix: GuestIndexes = new Map()
  keyedLists(from.snapshot.clusters, to.snapshot.clusters, (c) => c.id, {
    removed: (id, c) =>
      sink.push({ category: 'cluster', kind: 'removed', clusterId: id, subject: clusterSubject(c) }),
    added: (id, c) =>
      sink.push({ category: 'cluster', kind: 'added', clusterId: id, subject: clusterSubject(c) }),
    both: (_id, b, a) => diffCluster(sink, b, a, ix),
  })
  diffDr(sink, from.snapshot, to.snapshot)
  return {
    from: { takenAt: from.snapshot.meta.takenAt, sha256: from.sha256 },
    to: { takenAt: to.snapshot.meta.takenAt, sha256: to.sha256 },
    changes: sink.changes(),
  }
}

const clusterSubject = (c: InventoryCluster): string => `cluster ${c.name}`

/** An unreachable cluster with no last-known data holds nothing to compare. */
const hasData = (c: InventoryCluster): boolean => c.reach !== 'unreachable' || c.lastKnown !== undefined

function diffCluster(sink: ChangeSink, b: InventoryCluster, a: InventoryCluster, ix: GuestIndexes): void {
  const ref: ItemRef = { category: 'cluster', clusterId: a.id, subject: clusterSubject(a) }
  const simple = (field: string, x: JsonValue | undefined, y: JsonValue | undefined): void => {
    if (!sameJson(x, y)) sink.push({ ...ref, kind: 'changed', field, before: x, after: y })
  }
  simple('reach', b.reach, a.reach)
  simple('lastKnown', b.lastKnown?.at, a.lastKnown?.at)
  if (!hasData(b) || !hasData(a)) return
  simple('clusterName', b.clusterName, a.clusterName)
  simple('version', str(b.version, 'version'), str(a.version, 'version'))
  const quorate = (c: InventoryCluster): JsonValue | undefined =>
    c.status?.find((e) => e.type === 'cluster')?.quorate
  if (b.status !== undefined && a.status !== undefined) simple('quorate', quorate(b), quorate(a))

  diffNodes(sink, b, a)
  diffGuests(sink, b, a, ix)
  keyedLists(b.storage.definitions, a.storage.definitions, (s) => str(s, 'storage'), {
    removed: (id) =>
      sink.push({ category: 'storage', kind: 'removed', clusterId: a.id, subject: `storage ${id}` }),
    added: (id) =>
      sink.push({ category: 'storage', kind: 'added', clusterId: a.id, subject: `storage ${id}` }),
    both: (id, x, y) =>
      fieldChanges(sink, { category: 'storage', clusterId: a.id, subject: `storage ${id}` }, x, y, {
        ignore: DIGEST,
      }),
  })
  keyedLists(b.pools, a.pools, (p) => str(p, 'poolid'), {
    removed: (id) => sink.push({ ...poolRef(a.id, id), kind: 'removed' }),
    added: (id) => sink.push({ ...poolRef(a.id, id), kind: 'added' }),
    both: (id, x, y) => {
      if (!sameJson(x.comment, y.comment))
        sink.push({
          ...poolRef(a.id, id),
          kind: 'changed',
          field: 'comment',
          before: x.comment,
          after: y.comment,
        })
    },
  })
  diffBackups(sink, b, a, ix)
  diffReplication(sink, b, a, ix)
  diffHa(sink, b, a, ix)
  diffFirewall(sink, b, a)
  diffAccess(sink, b, a)
}

const poolRef = (clusterId: string, pool: string): ItemRef => ({
  category: 'pool',
  clusterId,
  subject: `pool ${pool}`,
  key: `${clusterId}/pool/${pool}`,
})
