import type { JsonValue, PendingChange, PveObject } from '../../../shared/model/inventory-snapshot'
import { parsePropertyString, propertyBoolean, propertyMap } from '../../panels/guest/property-string'
import { integer, text } from './pve-values'

/**
 * What `GET …/{vmid}/pending` says, read as the two parts an inventory snapshot keeps. Its entries are the whole
 * configuration (qemu-server and pve-container `config_with_pending_array`: every key of the config with its
 * `value`, plus `pending` and `delete` for changes not applied yet), so `…/config` is never asked as well.
 */
export function fromPending(entries: readonly PveObject[]): { config: PveObject; pending: PendingChange[] } {
  const config: PveObject = {}
  const pending: PendingChange[] = []
  // Keys in order, so that the config reads the same whatever order PVE listed them in.
  const sorted = entries
    .filter((e): e is PveObject & { key: string } => typeof e.key === 'string')
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  for (const entry of sorted) {
    const key = entry.key
    if (key === '' || key === '__proto__') continue
    const value = entry.value
    if (value !== undefined) config[key] = value
    const next = entry.pending
    const deletion = integer(entry.delete)
    if (next === undefined && (deletion === undefined || deletion === 0)) continue
    const change: PendingChange = { key }
    if (value !== undefined) change.value = value
    if (next !== undefined) change.pending = next
    if (deletion !== undefined && deletion !== 0) change.delete = deletion
    pending.push(change)
  }
  return { config, pending }
}

/**
 * The parts of a property string (`virtio=BC:24:…,bridge=vmbr0,firewall=1`): key → value; a part without `=`
 * is the format's default key (`agent: 1` is `enabled=1`). Read as the guest panels read it.
 */
function propertyString(value: JsonValue | undefined, defaultKey: string): Map<string, string> {
  const raw = text(value)
  return raw === undefined ? new Map<string, string>() : propertyMap(parsePropertyString(raw), defaultKey)
}

const isTrue = (v: string | undefined): boolean => propertyBoolean(v?.trim()) === true

/** `agent: 1`, `agent: enabled=1,fstrim_cloned_disks=1`… (qemu-server `$agent_fmt`, default key `enabled`). */
export const agentEnabled = (config: PveObject): boolean =>
  isTrue(propertyString(config.agent, 'enabled').get('enabled'))

/**
 * Whether the firewall filters any of the guest's NICs (`netN: …,firewall=1`). pve-firewall applies a guest's
 * own rules only on the tap/veth devices of NICs with `firewall=1` (PVE::Firewall `update_qemu_vm_firewall`
 * / `generate_tap_rules_direction` are called per NIC that has it): rules of a guest without one filter
 * nothing.
 */
export function firewallOnSomeNic(config: PveObject): boolean {
  for (const [key, value] of Object.entries(config))
    if (/^net\d+$/i.test(key) && isTrue(propertyString(value, 'model').get('firewall'))) return true
  return false
}
