// What is read from inside a guest: the QEMU guest agent's OS, host name and interfaces (qemu-server
// API2/Qemu/Agent.pm), and a container's interfaces (pve-container API2/LXC.pm `ip`).

import { ok } from '../http'
import type { Route } from '../router'
import { AGENT_COMMANDS, agentCall } from '../views/agent'
import { lxcInterfaces } from '../views/guest-net'
import { guestOf } from './guest-common'

export const AGENT_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/lxc/{vmid}/interfaces',
    run: (rc) => ok(lxcInterfaces(guestOf(rc, 'lxc'))),
  },
  ...AGENT_COMMANDS.map((command): Route => ({
    method: 'GET',
    path: `/nodes/{node}/qemu/{vmid}/agent/${command}`,
    // Before qemu-server 9 (PVE 9) the agent calls wanted VM.Monitor; VM.GuestAgent.* did not exist.
    permissionsBefore: { major: 9, permissions: { check: ['perm', '/vms/{vmid}', ['VM.Monitor']] } },
    run: (rc) => ok(agentCall(guestOf(rc, 'qemu'), command)),
  })),
]
