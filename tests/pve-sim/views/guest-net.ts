// GET /nodes/{node}/lxc/{vmid}/interfaces as pve-container LXC.pm `get_interfaces` builds it from `ip --json a`
// inside the container's network namespace: `lo` then `eth0`, each with `hardware-address` and the older
// `hwaddr`, `ip-addresses` (`ip-address-type` is iproute2's family, `inet`/`inet6`), and one `inet`/`inet6`
// key per family holding the LAST address of that family as `addr/prefix` (the "remove on next major release"
// keys). A stopped container has no process to enter: the handler returns nothing, so `data` is null.

import type { GuestState } from '../model'
import { macOf } from './guest-config'
import type { Json } from './guests'

const addressOf = (guest: GuestState): string =>
  `10.${100 + (Math.floor(guest.vmid / 250) % 100)}.${Math.floor(guest.vmid / 250) % 250}.${(guest.vmid % 250) + 2}`

function linkLocal(mac: string): string {
  const [, , , x = '00', y = '00', z = '00'] = mac.toLowerCase().split(':')
  const group = (hex: string): string => hex.replace(/^0+(?=.)/, '')
  return `fe80::be24:11ff:${group(`fe${x}`)}:${group(`${y}${z}`)}`
}

function iface(
  name: string,
  mac: string,
  addrs: { family: 'inet' | 'inet6'; local: string; prefix: number }[],
): Json {
  const entry: Json = { name }
  for (const a of addrs) entry[a.family] = `${a.local}/${a.prefix}`
  entry['ip-addresses'] = addrs.map((a) => ({
    'ip-address-type': a.family,
    'ip-address': a.local,
    prefix: a.prefix,
  }))
  entry['hardware-address'] = mac
  entry.hwaddr = mac
  return entry
}

export function lxcInterfaces(guest: GuestState): Json[] | null {
  if (guest.status !== 'running') return null
  const mac = macOf(guest.vmid).toLowerCase()
  // The site's guest network has SLAAC: a global address besides the link-local one (the last one wins `inet6`).
  const global = `2001:db8:${(100 + (guest.vmid % 100)).toString(16)}::${guest.vmid.toString(16)}`
  return [
    iface('lo', '00:00:00:00:00:00', [
      { family: 'inet', local: '127.0.0.1', prefix: 8 },
      { family: 'inet6', local: '::1', prefix: 128 },
    ]),
    iface('eth0', mac, [
      { family: 'inet', local: addressOf(guest), prefix: 24 },
      { family: 'inet6', local: global, prefix: 64 },
      { family: 'inet6', local: linkLocal(mac), prefix: 64 },
    ]),
  ]
}
