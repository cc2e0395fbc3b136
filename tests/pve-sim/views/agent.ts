// QEMU guest agent answers through qemu-server's passthrough (API2/Qemu/Agent.pm `register_command`): the
// guest's own reply wrapped as `{result: …}`, after QemuServer/Agent.pm `assert_agent_available` refused a VM
// without `agent` in its config, one that is not running, and one whose agent does not answer guest-ping (a
// paused VM's agent cannot).

import type { GuestState } from '../model'
import { ApiError } from '../router'
import { macOf } from './guest-config'
import type { Json } from './guests'

interface OsInfo {
  id: string
  name: string
  pretty: string
  version: string
  versionId: string
  kernel: string
  kernelVersion: string
}

const OSES: readonly OsInfo[] = [
  {
    id: 'debian',
    name: 'Debian GNU/Linux',
    pretty: 'Debian GNU/Linux 12 (bookworm)',
    version: '12 (bookworm)',
    versionId: '12',
    kernel: '6.1.0-28-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
  },
  {
    id: 'ubuntu',
    name: 'Ubuntu',
    pretty: 'Ubuntu 24.04.3 LTS',
    version: '24.04.3 LTS (Noble Numbat)',
    versionId: '24.04',
    kernel: '6.8.0-85-generic',
    kernelVersion: '#85-Ubuntu SMP PREEMPT_DYNAMIC Thu Sep 18 15:26:59 UTC 2025',
  },
  {
    id: 'rocky',
    name: 'Rocky Linux',
    pretty: 'Rocky Linux 9.6 (Blue Onyx)',
    version: '9.6 (Blue Onyx)',
    versionId: '9.6',
    kernel: '5.14.0-570.42.2.el9_6.x86_64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Thu Sep 18 16:32:02 UTC 2025',
  },
]

export const AGENT_COMMANDS = ['get-osinfo', 'get-host-name', 'network-get-interfaces'] as const
export type AgentCommand = (typeof AGENT_COMMANDS)[number]

/** Whether the VM's config has `agent` (the simulated configs write `agent: 1` or nothing). */
export const hasAgent = (guest: GuestState): boolean =>
  guest.type === 'qemu' && (guest.agent ?? !guest.tags.includes('windows'))

/** The guest's address on its site's guest network, from its vmid. */
const addressOf = (guest: GuestState): string =>
  `10.${100 + (Math.floor(guest.vmid / 250) % 100)}.${Math.floor(guest.vmid / 250) % 250}.${(guest.vmid % 250) + 2}`

/** The EUI-64 link-local address of the MAC BC:24:11:XX:YY:ZZ: fe80::be24:11ff:feXX:YYZZ, zeros compressed. */
function linkLocal(guest: GuestState): string {
  const [, , , x = '00', y = '00', z = '00'] = macOf(guest.vmid).toLowerCase().split(':')
  const group = (hex: string): string => hex.replace(/^0+(?=.)/, '')
  return `fe80::be24:11ff:${group(`fe${x}`)}:${group(`${y}${z}`)}`
}

function statistics(guest: GuestState, factor: number): Json {
  const bytes = Math.floor(guest.rates.netin * 3600 * factor)
  return {
    'rx-bytes': bytes,
    'rx-dropped': 0,
    'rx-errs': 0,
    'rx-packets': Math.floor(bytes / 900),
    'tx-bytes': Math.floor(guest.rates.netout * 3600 * factor),
    'tx-dropped': 0,
    'tx-errs': 0,
    'tx-packets': Math.floor((guest.rates.netout * 3600 * factor) / 900),
  }
}

function reply(guest: GuestState, command: AgentCommand): unknown {
  const os = OSES[guest.vmid % OSES.length] ?? OSES[0]
  switch (command) {
    case 'get-host-name':
      return { 'host-name': guest.name }
    case 'get-osinfo':
      return {
        id: os?.id,
        'kernel-release': os?.kernel,
        'kernel-version': os?.kernelVersion,
        machine: 'x86_64',
        name: os?.name,
        'pretty-name': os?.pretty,
        version: os?.version,
        'version-id': os?.versionId,
      }
    case 'network-get-interfaces':
      return [
        {
          name: 'lo',
          'hardware-address': '00:00:00:00:00:00',
          'ip-addresses': [
            { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
            { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
          ],
          statistics: statistics(guest, 0.01),
        },
        {
          name: os?.id === 'debian' ? 'eth0' : 'ens18',
          'hardware-address': macOf(guest.vmid).toLowerCase(),
          'ip-addresses': [
            { 'ip-address-type': 'ipv4', 'ip-address': addressOf(guest), prefix: 24 },
            { 'ip-address-type': 'ipv6', 'ip-address': linkLocal(guest), prefix: 64 },
          ],
          statistics: statistics(guest, 1),
        },
      ]
  }
}

/** `{result: …}`, or the 500 qemu-server raises before it asks the agent anything. */
export function agentCall(guest: GuestState, command: AgentCommand): Json {
  if (!hasAgent(guest)) throw new ApiError(500, 'No QEMU guest agent configured\n')
  if (guest.status !== 'running') throw new ApiError(500, `VM ${guest.vmid} is not running\n`)
  if (guest.paused) throw new ApiError(500, 'QEMU guest agent is not running\n')
  return { result: reply(guest, command) }
}
