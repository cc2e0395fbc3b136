// Storages of a node, their content, vzdump runs, and the cluster's backup jobs.

import { ok } from '../http'
import type { GuestState, StorageState } from '../model'
import { bool, int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller, demand } from '../router'
import { startTask } from '../tasks/engine'
import { vzdumpPlan } from '../tasks/vzdump'
import { backupJobEntry, notBackedUp } from '../views/cluster-jobs'
import { storageContent, storageListEntry, storageStatus } from '../views/storage'
import { storageDefinitions } from '../views/storage-config'
import { requireQuorum } from './guest-common'

function storageOf(rc: RouteContext, id: string): StorageState {
  const node = str(rc.params, 'node') ?? ''
  const storage = rc.cluster.storages.find((s) => s.node === node && s.storage === id)
  if (storage === undefined) throw new ApiError(500, `storage '${id}' does not exist\n`)
  return storage
}

const list = (text: string | undefined): string[] => (text ?? '').split(/[,;\s]+/).filter((s) => s !== '')

/**
 * The guests of {node} a vzdump call selects (VZDump.pm `get_included_guests`): `vmid` list, `all` (minus
 * `exclude`) or `pool`; listed vmids that exist nowhere are kept to fail inside the task ("orphaned").
 */
function selectGuests(rc: RouteContext): { guests: GuestState[]; orphans: number[] } {
  const node = str(rc.params, 'node') ?? ''
  const local = rc.cluster.guests.filter((g) => g.node === node).sort((a, b) => a.vmid - b.vmid)
  if (bool(rc.params, 'all') === true) {
    const exclude = list(str(rc.params, 'exclude'))
    return { guests: local.filter((g) => !exclude.includes(String(g.vmid))), orphans: [] }
  }
  const pool = str(rc.params, 'pool')
  if (pool !== undefined) return { guests: local.filter((g) => g.pool === pool), orphans: [] }
  const wanted = list(str(rc.params, 'vmid')).map(Number)
  if (wanted.length === 0)
    throw new ApiError(400, 'Parameter verification failed.\n', {
      vmid: 'property is missing and it is not optional',
    })
  return {
    guests: local.filter((g) => wanted.includes(g.vmid)),
    orphans: wanted.filter((vmid) => !rc.cluster.guests.some((g) => g.vmid === vmid)),
  }
}

export const STORAGE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/storage',
    run: (rc) => {
      const authid = caller(rc).authid
      const node = str(rc.params, 'node') ?? ''
      const content = str(rc.params, 'content')
      const only = str(rc.params, 'storage')
      return ok(
        rc.cluster.storages
          .filter((s) => s.node === node && (only === undefined || s.storage === only))
          .filter((s) => content === undefined || s.content.split(',').includes(content))
          .filter(
            (s) =>
              rc.perms.denial(
                authid,
                `/storage/${s.storage}`,
                ['Datastore.Audit', 'Datastore.AllocateSpace'],
                true,
              ) === undefined,
          )
          .map(storageListEntry),
      )
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/status',
    run: (rc) => ok(storageStatus(storageOf(rc, str(rc.params, 'storage') ?? ''))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    run: (rc) => {
      const storage = storageOf(rc, str(rc.params, 'storage') ?? '')
      const filter: { content?: string; vmid?: number } = {}
      const content = str(rc.params, 'content')
      const vmid = int(rc.params, 'vmid')
      if (content !== undefined) filter.content = content
      if (vmid !== undefined) filter.vmid = vmid
      const authid = caller(rc).authid
      // Volumes of a guest need VM.Audit (or Datastore.Allocate) to be listed.
      const allocate = rc.perms.has(authid, `/storage/${storage.storage}`, 'Datastore.Allocate')
      return ok(
        storageContent(rc.cluster, storage, filter).filter(
          (v) => allocate || typeof v.vmid !== 'number' || rc.perms.has(authid, `/vms/${v.vmid}`, 'VM.Audit'),
        ),
      )
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vzdump',
    run: (rc) => {
      // API2/VZDump.pm `vzdump`: the storage privilege is checked up front; guests on other nodes are skipped,
      // and when none is left here (without `all`) the call answers a silent `OK` instead of a UPID.
      const all = bool(rc.params, 'all') === true
      const { guests: selected, orphans } = selectGuests(rc)
      const storage = storageOf(rc, str(rc.params, 'storage') ?? 'local')
      demand(rc, `/storage/${storage.storage}`, ['Datastore.AllocateSpace'])
      if (selected.length === 0 && orphans.length === 0 && !all) return ok('OK')
      requireQuorum(rc)
      const authid = caller(rc).authid
      const allowed = (g: GuestState): boolean => rc.perms.has(authid, `/vms/${g.vmid}`, 'VM.Backup')
      // With `all` the guests the caller may not back up are left out; otherwise the worker dies on them.
      const guests = all ? selected.filter(allowed) : selected
      const plan = vzdumpPlan({
        cluster: rc.cluster,
        node: str(rc.params, 'node') ?? '',
        user: authid,
        guests,
        orphans,
        forbidden: all ? [] : selected.filter((g) => !allowed(g)).map((g) => g.vmid),
        storage,
        mode: str(rc.params, 'mode') ?? 'snapshot',
        compress: str(rc.params, 'compress') ?? 'zstd',
        notesTemplate: str(rc.params, 'notes-template'),
        protected: bool(rc.params, 'protected') ?? false,
      })
      return ok(startTask(rc.cluster, plan, rc.now).upid)
    },
  },
  {
    method: 'GET',
    path: '/storage',
    run: (rc) => {
      const authid = caller(rc).authid
      const type = str(rc.params, 'type')
      const privs = ['Datastore.Audit', 'Datastore.AllocateSpace']
      return ok(
        storageDefinitions(rc.cluster).filter(
          (s) =>
            rc.perms.denial(authid, `/storage/${String(s.storage)}`, privs, true) === undefined &&
            (type === undefined || s.type === type),
        ),
      )
    },
  },
  {
    method: 'GET',
    path: '/cluster/backup',
    run: (rc) => ok(rc.cluster.backupJobs.map((j) => backupJobEntry(j, rc.now))),
  },
  { method: 'GET', path: '/cluster/backup-info/not-backed-up', run: (rc) => ok(notBackedUp(rc.cluster)) },
]
