import type { ConfigEntry, GuestConfigPanel } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { integer, records, text } from '../pve-read'
import type { GuestKind } from './guest-devices'
import { diskOf, nicOf } from './guest-devices'
import { guestPath } from './guest-path'

const MAX_ENTRIES = 2_000
const MAX_DISKS = 512
const MAX_NICS = 64
const MAX_NOTES = 65_536

/**
 * Config keys in a stable order a person reads: by key, the digits inside compared as numbers (`net2` before
 * `net10`, `scsi9` before `scsi10`). PVE's GUI orders its Hardware and Options grids by its own row list per
 * kind of device, which is the renderer's business; the API's order is Perl hash order.
 */
const byKey = (a: ConfigEntry, b: ConfigEntry): number =>
  a.key.localeCompare(b.key, 'en', { numeric: true, sensitivity: 'variant' })

/**
 * `GET …/pending` (qemu-server / pve-container `config_with_pending_array`): every config key with its `value`,
 * `pending` for a change waiting for the next start, `delete` (1, or 2 forced) for a key to be removed.
 */
export function readConfigEntries(data: unknown): {
  entries: ConfigEntry[]
  digest?: string
  notes?: string
} {
  const seen = new Set<string>()
  const entries: ConfigEntry[] = []
  let digest: string | undefined
  let notes: string | undefined
  for (const row of records(data)) {
    const key = text(row.key, 512)
    if (key === undefined || key === '' || key === '__proto__' || seen.has(key)) continue
    seen.add(key)
    if (key === 'digest') {
      digest = text(row.value, 512)
      continue
    }
    // The API gives the description decoded (qemu-server parse_vm_config / pve-container parse_pct_config
    // decode the `#` comment lines the .conf holds URL-encoded), so it is the Markdown as written.
    if (key === 'description') notes = text(row.pending ?? row.value, MAX_NOTES)
    if (entries.length >= MAX_ENTRIES) continue
    const value = text(row.value, 8_192)
    const pending = text(row.pending, 8_192)
    const deletion = integer(row.delete)
    entries.push({
      key,
      ...(value === undefined ? {} : { value }),
      ...(pending === undefined ? {} : { pending }),
      ...(deletion === undefined || deletion === 0 ? {} : { delete: true }),
    })
  }
  entries.sort(byKey)
  return {
    entries,
    ...(digest === undefined ? {} : { digest }),
    ...(notes === undefined ? {} : { notes }),
  }
}

export function configPanelOf(kind: GuestKind, data: unknown): GuestConfigPanel {
  const { entries, digest, notes } = readConfigEntries(data)
  const disks = entries.flatMap((e) => diskOf(kind, e) ?? []).slice(0, MAX_DISKS)
  const nics = entries.flatMap((e) => nicOf(kind, e) ?? []).slice(0, MAX_NICS)
  return {
    entries,
    disks,
    nics,
    ...(notes === undefined ? {} : { notes }),
    ...(digest === undefined ? {} : { digest }),
  }
}

export async function readGuestConfig(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestConfigPanel> {
  const guest = await access.guest(vmid, signal)
  const data = await access.client.call('GET', `${guestPath(guest)}/pending`, undefined, signal)
  return configPanelOf(guest.type, data)
}
