// GET /storage: storage.cfg, cluster-wide, as pve-storage's API2/Storage/Config.pm `index` lists it: each
// section with `storage`, `digest` (of the whole file), `content` as a sorted comma list, `nodes` when the storage
// is restricted to some nodes, and `shared: 1` added to the network types (Plugin.pm `parse_config`,
// @SHARED_STORAGE). Passwords never appear: PBS and CIFS keep theirs in /etc/pve/priv/storage/<id>.pw
// (PBSPlugin.pm `pbs_password_file_name`), the PBS encryption key in <id>.enc, Ceph's keyring in priv/ceph.

import { createHash } from 'node:crypto'

import type { ClusterState, StorageState } from '../model'
import type { Json } from './guests'

/** Types whose storages are shared by definition (Plugin.pm @SHARED_STORAGE, the ones simulated). */
const SHARED_TYPES = new Set(['nfs', 'rbd', 'pbs'])

/** PBS datastore fingerprints: one per PBS storage id. */
export const pbsFingerprint = (storage: string): string =>
  (createHash('sha256').update(`pbs:${storage}`).digest('hex').match(/../g) ?? []).join(':')

function section(storage: StorageState, nodes: readonly string[], all: number): Json {
  const entry: Json = { storage: storage.storage, type: storage.plugintype }
  entry.content = storage.content.split(',').sort().join(',')
  switch (storage.plugintype) {
    case 'dir':
      entry.path = storage.storage === 'local' ? '/var/lib/vz' : `/mnt/${storage.storage}`
      if (storage.storage === 'local') entry['prune-backups'] = 'keep-all=1'
      if (storage.shared) entry.shared = 1
      break
    case 'lvmthin':
      entry.thinpool = 'data'
      entry.vgname = 'pve'
      break
    case 'zfspool':
      entry.pool = 'rpool/data'
      entry.sparse = 1
      break
    case 'nfs':
      entry.server = '10.20.0.40'
      entry.export = `/export/${storage.storage}`
      entry.path = `/mnt/pve/${storage.storage}`
      entry.options = 'vers=4.2'
      entry['prune-backups'] = 'keep-daily=7,keep-weekly=4,keep-monthly=3'
      break
    case 'rbd':
      entry.pool = storage.storage
      entry.krbd = 0
      entry.monhost = '10.20.0.41 10.20.0.42 10.20.0.43'
      entry.username = 'admin'
      break
    case 'pbs':
      entry.server = '10.30.0.20'
      entry.datastore = storage.storage.replace(/^pbs-/, '')
      entry.username = 'pvedesk-backup@pbs'
      entry.fingerprint = pbsFingerprint(storage.storage)
      if (storage.namespace !== undefined) entry.namespace = storage.namespace
      entry['prune-backups'] = 'keep-all=1'
      break
  }
  if (SHARED_TYPES.has(storage.plugintype)) entry.shared = 1
  if (nodes.length < all) entry.nodes = [...nodes].sort().join(',')
  return entry
}

/** Every storage id of the cluster once, in storage.cfg order (`local` first), with the nodes that have it. */
export function storageDefinitions(cluster: ClusterState): Json[] {
  const byId = new Map<string, { first: StorageState; nodes: string[] }>()
  for (const storage of cluster.storages) {
    const known = byId.get(storage.storage)
    if (known === undefined) byId.set(storage.storage, { first: storage, nodes: [storage.node] })
    else known.nodes.push(storage.node)
  }
  const entries = [...byId.values()].map(({ first, nodes }) => section(first, nodes, cluster.nodes.length))
  const digest = createHash('sha1').update(JSON.stringify(entries)).digest('hex')
  return entries.map((e) => ({ ...e, digest }))
}
