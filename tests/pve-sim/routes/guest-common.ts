// What every /nodes/{node}/{qemu|lxc}/{vmid}/… handler needs first: the guest, which must live on {node}
// (else PVE's 500 about the missing config file), the quorum for writes, and root-only options.

import type { GuestState, GuestType } from '../model'
import { isQuorate, NO_QUORUM } from '../model'
import { int, str } from '../params'
import type { RouteContext } from '../router'
import { ApiError, caller } from '../router'

export const configPath = (node: string, type: GuestType, vmid: number): string =>
  `nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf`

/** `VM 101` or `CT 110`, as PVE words its messages. */
export const label = (guest: Pick<GuestState, 'type' | 'vmid'>): string =>
  `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`

export function guestOf(rc: RouteContext, type: GuestType): GuestState {
  const node = str(rc.params, 'node') ?? ''
  const vmid = int(rc.params, 'vmid') ?? 0
  const guest = rc.cluster.guests.find((g) => g.vmid === vmid && g.type === type && g.node === node)
  if (guest === undefined) {
    throw new ApiError(500, `Configuration file '${configPath(node, type, vmid)}' does not exist\n`)
  }
  return guest
}

export function requireQuorum(rc: RouteContext): void {
  if (!isQuorate(rc.cluster)) throw new ApiError(500, NO_QUORUM)
}

/** Options such as `skiplock` are root@pam's alone (400 with the option named). */
export function rootOnly(rc: RouteContext, names: readonly string[]): void {
  if (caller(rc).authid === 'root@pam') return
  const used = names.filter((n) => rc.params[n] !== undefined)
  if (used.length === 0) return
  throw new ApiError(
    400,
    'Parameter verification failed.\n',
    Object.fromEntries(used.map((n) => [n, 'Only root may use this option.'])),
  )
}

/** The lock error of check_lock, unless skiplock says to ignore it. */
export function lockError(
  guest: GuestState,
  skiplock: boolean,
  allowed: readonly string[] = [],
): string | undefined {
  if (guest.lock === undefined || skiplock || allowed.includes(guest.lock)) return undefined
  return `${guest.type === 'qemu' ? 'VM' : 'CT'} is locked (${guest.lock})`
}
