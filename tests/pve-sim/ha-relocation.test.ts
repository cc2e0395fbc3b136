// An HA-managed container migrates as pve-ha-manager relocates it (HA/Resources/PVECT.pm `migrate`): the LRM shuts
// a running container down (`vzshutdown`), migrates it with online 0 (`vzmigrate`, not in restart mode), and the
// CRM, seeing it moved, puts it `started` on the target, where that node's LRM starts it (`vzstart`). The three
// workers run as root@pam. No scenario has an HA container, so these tests make one on the model.

import { describe, expect, it } from 'vitest'

import type { ClusterState, GuestState } from './model'
import type { Prng } from './prng'
import { createPrng } from './prng'
import { buildThreeSites } from './scenario-three-sites'
import type { Task } from './tasks/engine'
import { abortTask, settleTasks, startTask, visibleLog } from './tasks/engine'
import { migratePlan } from './tasks/migrate'
import { haStatus } from './views/cluster-jobs'
import { clusterResources } from './views/resources'

const NOW = Date.UTC(2026, 2, 1, 9, 0, 0)
const ms = (seconds: number): number => NOW + seconds * 1000

interface Fleet {
  ace: ClusterState
  ct: GuestState
  prng: Prng
}

function fleet(running = true): Fleet {
  const prng = createPrng(11)
  const [ace] = buildThreeSites(prng, NOW)
  const ct = ace?.guests.find((g) => g.vmid === 110)
  if (ace === undefined || ct === undefined) throw new Error('no CT 110 on ace-prod')
  ct.ha = true
  if (!running) ct.status = 'stopped'
  return { ace, ct, prng }
}

/** POST /nodes/km4-pve1/lxc/110/migrate as noc@pve (restart=1, as a running container needs). */
function migrate({ ace, ct, prng }: Fleet): Task {
  const plan = migratePlan({
    cluster: ace,
    guest: ct,
    target: 'km4-pve2',
    user: 'noc@pve',
    online: false,
    restart: true,
    withLocalDisks: false,
    prng: () => prng,
  })
  return startTask(ace, plan, NOW)
}

/** What a client reads at `seconds`: the tasks since the request, HA states, where the container is. */
function look({ ace, ct }: Fleet, seconds: number): Record<string, unknown> {
  settleTasks(ace, ms(seconds))
  const service = haStatus(ace, 'km4-pve1', ms(seconds)).find((e) => e.sid === 'ct:110')
  const resource = clusterResources(ace, 'vm', ms(seconds)).find((e) => e.vmid === 110)
  return {
    tasks: tasksSince(ace).map((t) => `${t.type} ${t.user} ${t.node} ${t.exitstatus ?? 'running'}`),
    state: service?.state,
    crm: service?.crm_state,
    hastate: resource?.hastate,
    where: `${ct.node} ${ct.status}${ct.lock === undefined ? '' : ` lock=${ct.lock}`}`,
  }
}

const tasksSince = (ace: ClusterState): Task[] => ace.tasks.filter((t) => t.startMs >= NOW && t.id === '110')
const taskOf = (ace: ClusterState, type: string): Task | undefined =>
  tasksSince(ace).find((t) => t.type === type)

describe('an HA container migration', () => {
  it('runs vzshutdown, vzmigrate (no restart) and vzstart on the target as root@pam, states as PVE shows them', () => {
    const f = fleet()
    const request = migrate(f)
    expect(request.type).toBe('hamigrate')
    expect(look(f, 1.5)).toEqual({
      tasks: ['hamigrate noc@pve km4-pve1 OK'],
      state: 'started',
      crm: 'started',
      hastate: 'started',
      where: 'km4-pve1 running',
    })
    // The CRM round: the service is `migrate`, the LRM shuts the container down first.
    expect(look(f, 3.5)).toEqual({
      tasks: ['hamigrate noc@pve km4-pve1 OK', 'vzshutdown root@pam km4-pve1 running'],
      state: 'migrate',
      crm: 'migrate',
      hastate: 'migrate',
      where: 'km4-pve1 running',
    })
    expect(look(f, 7.5)).toMatchObject({
      tasks: [
        'hamigrate noc@pve km4-pve1 OK',
        'vzshutdown root@pam km4-pve1 OK',
        'vzmigrate root@pam km4-pve1 running',
      ],
      state: 'migrate',
      where: 'km4-pve1 stopped lock=migrate',
    })
    // Moved, but stopped: nothing starts it until the CRM's next round.
    expect(look(f, 13.5)).toMatchObject({
      tasks: [
        'hamigrate noc@pve km4-pve1 OK',
        'vzshutdown root@pam km4-pve1 OK',
        'vzmigrate root@pam km4-pve1 OK',
      ],
      state: 'migrate',
      where: 'km4-pve2 stopped',
    })
    expect(look(f, 15.5)).toEqual({
      tasks: [
        'hamigrate noc@pve km4-pve1 OK',
        'vzshutdown root@pam km4-pve1 OK',
        'vzmigrate root@pam km4-pve1 OK',
        'vzstart root@pam km4-pve2 running',
      ],
      state: 'starting',
      crm: 'started',
      hastate: 'started',
      where: 'km4-pve2 stopped',
    })
    expect(look(f, 18.5)).toMatchObject({
      tasks: expect.arrayContaining(['vzstart root@pam km4-pve2 OK']) as unknown,
      state: 'started',
      crm: 'started',
      where: 'km4-pve2 running',
    })
    expect(f.ct.haService).toBeUndefined()
    for (const type of ['vzshutdown', 'vzmigrate', 'vzstart']) {
      expect(visibleLog(taskOf(f.ace, type) as Task, ms(20))[0]?.t).toBe('task started by HA resource agent')
    }
    // Not restart mode: the migration neither shuts the container down nor starts it.
    const log = visibleLog(taskOf(f.ace, 'vzmigrate') as Task, ms(20)).map((l) => l.t)
    expect(log.some((l) => l.endsWith("starting migration of CT 110 to node 'km4-pve2' (127.0.0.1)"))).toBe(
      true,
    )
    expect(log.some((l) => l.includes('shutdown CT') || l.includes('start container on target'))).toBe(false)
  })

  it('never has the container running on the target before vzstart ended', () => {
    const f = fleet()
    migrate(f)
    for (let s = 0; s <= 25; s += 0.25) {
      settleTasks(f.ace, ms(s))
      if (f.ct.node === 'km4-pve2' && f.ct.status === 'running') {
        expect(taskOf(f.ace, 'vzstart')).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
      }
    }
    expect(`${f.ct.node} ${f.ct.status}`).toBe('km4-pve2 running')
  })

  it('migrates a stopped HA container with vzmigrate alone and leaves it stopped', () => {
    const f = fleet(false)
    migrate(f)
    expect(look(f, 30)).toEqual({
      tasks: ['hamigrate noc@pve km4-pve1 OK', 'vzmigrate root@pam km4-pve1 OK'],
      state: 'stopped',
      crm: 'stopped',
      hastate: 'stopped',
      where: 'km4-pve2 stopped',
    })
  })

  it('starts the container again on the source when its migration failed after the shutdown', () => {
    const f = fleet()
    f.ct.migrationFailure = 'rsync error: connection unexpectedly closed'
    migrate(f)
    expect(look(f, 30)).toMatchObject({
      tasks: [
        'hamigrate noc@pve km4-pve1 OK',
        'vzshutdown root@pam km4-pve1 OK',
        'vzmigrate root@pam km4-pve1 migration aborted',
        'vzstart root@pam km4-pve1 OK',
      ],
      state: 'started',
      where: 'km4-pve1 running',
    })
  })

  it('keeps the container where it runs when its vzshutdown is stopped: migrate_vm refuses, no vzmigrate', () => {
    const f = fleet()
    migrate(f)
    settleTasks(f.ace, ms(4))
    abortTask(taskOf(f.ace, 'vzshutdown') as Task, ms(4))
    expect(look(f, 30)).toEqual({
      tasks: ['hamigrate noc@pve km4-pve1 OK', 'vzshutdown root@pam km4-pve1 received interrupt'],
      state: 'started',
      crm: 'started',
      hastate: 'started',
      where: 'km4-pve1 running',
    })
    expect(f.ct.haService).toBeUndefined()
  })
})
