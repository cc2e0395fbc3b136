import type { ClusterAccess } from '../../src/main/guests/cluster-access'
import { clientAccess } from '../../src/main/guests/cluster-access'
import { runGuestAction } from '../../src/main/guests/guest-actions'
import { PveClient } from '../../src/main/pve/pve-client'
import type { TaskResult } from '../../src/main/pve/tasks'
import { followTask } from '../../src/main/pve/tasks'
import type { ClusterInput } from '../../src/shared/model/cluster-input'
import type { GuestAction } from '../../src/shared/model/guest-action'
import type { SimulatorFleet } from '../support/simulator-fleet'

/** The simulator's cluster `clusterId` through a bare client (the CLI's way), as root or as `username`. */
export function accessTo(
  fleet: SimulatorFleet,
  clusterId: string,
  options: { username?: string; readOnly?: boolean } = {},
): ClusterAccess {
  const base = fleet.config(clusterId)
  const info = fleet.sim.info.clusters.find((c) => c.id === clusterId)
  const user = info?.users.find((u) => u.username === options.username)
  const config: ClusterInput = {
    ...base,
    readOnly: options.readOnly ?? false,
    ...(options.username === undefined ? {} : { auth: { kind: 'password', username: options.username } }),
  }
  const password = options.username === undefined ? info?.login.password : user?.password
  if (password === undefined) throw new Error(`no ${options.username ?? 'root'} on ${clusterId}`)
  const client = fleet.disposables.add(
    new PveClient(
      config.id,
      config.endpoints,
      {
        get: () =>
          Promise.resolve({
            kind: 'password',
            username: config.auth.kind === 'password' ? config.auth.username : '',
            password,
          }),
      },
      { timeoutMs: 5_000 },
    ),
  )
  return clientAccess(config, client)
}

/** Follows a task to its end while moving the simulated clock on (tasks run on it). */
export async function toEnd(fleet: SimulatorFleet, access: ClusterAccess, upid: string): Promise<TaskResult> {
  const timer = setInterval(() => fleet.sim.advanceClock(2), 10)
  try {
    return await followTask(access.client, upid, { intervalMs: 10 })
  } finally {
    clearInterval(timer)
  }
}

/** Runs an action and follows its task to its end: what the operator waits for. */
export async function actToEnd(
  fleet: SimulatorFleet,
  access: ClusterAccess,
  vmid: number,
  action: GuestAction,
): Promise<TaskResult & { upid: string }> {
  const started = await runGuestAction(access, vmid, action)
  if (started.upid === null) throw new Error(`no task: ${started.message ?? ''}`)
  return { ...(await toEnd(fleet, access, started.upid)), upid: started.upid }
}

/** Requests that could change something (anything but GET) the simulator received so far. */
export const changeRequests = (fleet: SimulatorFleet): number =>
  fleet.sim.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api2/json/access/ticket'))
    .length
