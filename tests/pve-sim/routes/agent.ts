// QEMU guest agent reads an inventory makes: OS, host name, interfaces (qemu-server API2/Qemu/Agent.pm).

import { ok } from '../http'
import type { Route } from '../router'
import { AGENT_COMMANDS, agentCall } from '../views/agent'
import { guestOf } from './guest-common'

export const AGENT_ROUTES: readonly Route[] = AGENT_COMMANDS.map((command) => ({
  method: 'GET',
  path: `/nodes/{node}/qemu/{vmid}/agent/${command}`,
  // Before qemu-server 9 (PVE 9) the agent calls wanted VM.Monitor; VM.GuestAgent.* did not exist.
  permissionsBefore: { major: 9, permissions: { check: ['perm', '/vms/{vmid}', ['VM.Monitor']] } },
  run: (rc) => ok(agentCall(guestOf(rc, 'qemu'), command)),
}))
