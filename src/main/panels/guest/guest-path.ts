import type { FleetGuest } from '../../../shared/model/fleet'

/** `/nodes/{node}/{qemu|lxc}/{vmid}`: where PVE answers for the guest (its node proxies when another serves). */
export const guestPath = (guest: Pick<FleetGuest, 'node' | 'type' | 'vmid'>): string =>
  `/nodes/${encodeURIComponent(guest.node)}/${guest.type}/${guest.vmid}`

export const nodePath = (node: string): string => `/nodes/${encodeURIComponent(node)}`

/** The HA manager's id of the guest (pve-ha-manager: `vm:101`, `ct:113`). */
export const haSid = (guest: Pick<FleetGuest, 'type' | 'vmid'>): string =>
  `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`
