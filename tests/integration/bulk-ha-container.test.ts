import { describe, expect, it } from 'vitest'

import type { TaskApi } from '../../src/main/pve/tasks'
import { followThrough } from '../../src/main/tasks/follow-through'
import { AppError } from '../../src/shared/ipc/errors'
import type { ClusterState, GuestState } from '../pve-sim/model'
import { createPrng } from '../pve-sim/prng'
import { buildThreeSites } from '../pve-sim/scenario-three-sites'
import { settleTasks, startTask } from '../pve-sim/tasks/engine'
import { migratePlan } from '../pve-sim/tasks/migrate'
import { broadcastList, taskStatus } from '../pve-sim/views/tasks'

// An HA container's migration, as a bulk run or `pvedesk guest migrate --wait` follows it, against the
// simulator's own model of PVE's HA stack (no scenario has an HA container and the control API cannot make one,
// so the container is made HA on the model, as tests/pve-sim/ha-relocation.test.ts does). PVE relocates a running
// one — the agent's vzshutdown, vzmigrate, then the CRM's start on the target (vzstart) — and the follow-up ends
// only when that start ended, not at the vzmigrate.

const NOW = Date.UTC(2026, 2, 1, 9, 0, 0)

function haContainer(running: boolean): { ace: ClusterState; ct: GuestState; request: string } {
  const prng = createPrng(11)
  const [ace] = buildThreeSites(prng, NOW)
  const ct = ace?.guests.find((g) => g.vmid === 110 && g.type === 'lxc')
  if (ace === undefined || ct === undefined) throw new Error('no CT 110 on ace-prod')
  ct.ha = true
  if (!running) ct.status = 'stopped'
  // POST /nodes/km4-pve1/lxc/110/migrate as noc@pve, restart mode (as the bulk runner asks for a running one).
  const plan = migratePlan({
    cluster: ace,
    guest: ct,
    target: 'km4-pve2',
    user: 'noc@pve',
    online: false,
    restart: running,
    withLocalDisks: false,
    prng: () => prng,
  })
  return { ace, ct, request: startTask(ace, plan, NOW).upid }
}

/** The cluster's task API over the model, half a simulated second passing at each call. */
function apiOver(ace: ClusterState): { api: TaskApi; now: () => number } {
  let t = NOW
  const api: TaskApi = {
    clusterId: 'ace-prod',
    call: (_method, path) => {
      t += 500
      settleTasks(ace, t)
      const status = /^\/nodes\/[^/]+\/tasks\/([^/]+)\/status$/.exec(path)
      if (status !== null) {
        const upid = decodeURIComponent(status[1] ?? '')
        const task = ace.tasks.find((x) => x.upid === upid)
        if (task === undefined)
          return Promise.reject(new AppError({ code: 'pve_error', message: 'no such task' }))
        return Promise.resolve(taskStatus(task))
      }
      if (path === '/cluster/tasks')
        return Promise.resolve(
          ace.nodes.flatMap((n, i) =>
            broadcastList(
              ace.tasks.filter((x) => x.node === n.name),
              (i * 3371) % 10_000,
              t,
            ),
          ),
        )
      return Promise.reject(new AppError({ code: 'not_found', message: path }))
    },
  }
  return { api, now: () => t }
}

describe('an HA container migration followed to its end', () => {
  it('a running one: past its vzmigrate to the HA manager’s vzstart on the target, which ends with it running', async () => {
    const { ace, ct, request } = haContainer(true)
    const { api, now } = apiOver(ace)
    const seen: string[] = []
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      now,
      onUpdate: (t) => seen.push(`${t.type} ${t.user} ${t.node} ${t.state}`),
    })
    expect(outcome.request).toMatchObject({ type: 'hamigrate', state: 'ok' })
    expect(outcome.task).toMatchObject({
      type: 'vzstart',
      user: 'root@pam',
      node: 'km4-pve2',
      state: 'ok',
      requestUpid: request,
    })
    expect(outcome.agentMissing).toBeUndefined()
    expect(seen).toEqual([
      'hamigrate noc@pve km4-pve1 running',
      'hamigrate noc@pve km4-pve1 ok',
      'vzmigrate root@pam km4-pve1 running',
      'vzmigrate root@pam km4-pve1 ok',
      'vzstart root@pam km4-pve2 running',
      'vzstart root@pam km4-pve2 ok',
    ])
    // When the follow-up says it ended, the container runs on the target.
    expect(`${ct.node} ${ct.status}`).toBe('km4-pve2 running')
  })

  it('a stopped one: its vzmigrate is the end (no start comes), and nothing is said missing', async () => {
    const { ace, ct, request } = haContainer(false)
    const { api, now } = apiOver(ace)
    const outcome = await followThrough(api, request, { intervalMs: 0, now })
    expect(outcome.task).toMatchObject({ type: 'vzmigrate', state: 'ok' })
    expect(outcome.agentMissing).toBeUndefined()
    expect(`${ct.node} ${ct.status}`).toBe('km4-pve2 stopped')
  })
})
