import { describe, expect, it } from 'vitest'

import type { FleetItem } from '../../../../shared/model/fleet'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, entryFixture, guestFixture } from '../../test-fixtures'
import type { TaskFacts } from './task-rows'
import { factsCache, filterOptions, matchesFilters, siteOf, taskFacts, taskRows } from './task-rows'
import { endedFixture, taskFixture } from './test-tasks'

const clusters = {
  c1: entryFixture('c1', { name: 'ACE', sites: { n2: 'Naorlo' }, defaultSite: 'Km4' }),
  c2: entryFixture('c2', { name: 'Bravo', defaultSite: 'Paris' }),
}
const items: Record<string, ReadonlyMap<string, FleetItem>> = {
  c1: new Map([['c1/lxc/210', guestFixture({ clusterId: 'c1', vmid: 210, name: 'sandbox-debian' })]]).set(
    'c1/qemu/100',
    guestFixture({ vmid: 100, name: 'web-01' }),
  ),
}
const facts = (...tasks: Parameters<typeof taskFacts>[0][]): TaskFacts[] =>
  tasks.map((t) => taskFacts(t, clusters, items))

describe('task rows', () => {
  it('names the cluster, the node’s site and the guest from the live fleet (qemu or lxc alike)', () => {
    const [vm, ct, gone] = facts(
      taskFixture({ vmid: 100 }),
      taskFixture({ vmid: 210, node: 'n2', type: 'vzstart' }),
      taskFixture({ clusterId: 'c2', vmid: 999 }),
    )
    expect(vm).toMatchObject({ clusterName: 'ACE', site: 'Km4', guestName: 'web-01' })
    expect(ct).toMatchObject({ site: 'Naorlo', guestName: 'sandbox-debian' })
    expect(gone).toMatchObject({ clusterName: 'Bravo', site: 'Paris' })
    expect(gone?.guestName).toBeUndefined()
    // A node named like an Object property is a node, not a prototype's member.
    expect(siteOf(clusters, 'c1', 'constructor')).toBe('Km4')
  })

  it('lists a view newest first: running, failed (errors and lost tasks), recent (all)', () => {
    const running = taskFixture({ pid: 1, starttime: 30 })
    const ok = endedFixture(taskFixture({ pid: 2, starttime: 20 }))
    const failed = endedFixture(taskFixture({ pid: 3, starttime: 10 }), 'TASK ERROR: no space')
    const warned = endedFixture(taskFixture({ pid: 4, starttime: 40 }), 'WARNINGS: 1')
    const lost = { ...taskFixture({ pid: 5, starttime: 5 }), state: 'unknown' as const }
    const all = facts(failed, ok, running, warned, lost)
    const keys = (view: 'running' | 'recent' | 'failed'): string[] =>
      taskRows(all, view, {}).map((r) => r.facts.task.key)
    expect(keys('running')).toEqual([running.key])
    expect(keys('failed')).toEqual([failed.key, lost.key])
    expect(keys('recent')).toEqual([warned.key, running.key, ok.key, failed.key, lost.key])
  })

  it('shows the HA agent’s task under the request PVE Desk filed, or alone when the request is not listed', () => {
    const request = endedFixture(taskFixture({ pid: 1, type: 'hastart', starttime: 100, mine: true }))
    const agent = taskFixture({ pid: 2, starttime: 102, mine: true, requestUpid: request.upid })
    const later = taskFixture({ pid: 3, starttime: 101 })
    const rows = taskRows(facts(agent, later, request), 'recent', {})
    expect(rows.map((r) => [r.facts.task.key, r.depth])).toEqual([
      [later.key, 0],
      [request.key, 0],
      [agent.key, 1],
    ])
    // The request ended OK, so the Running view shows the agent's task on its own line.
    expect(taskRows(facts(agent, request), 'running', {}).map((r) => r.depth)).toEqual([0])
    // A task naming itself as its own request is not lost.
    const selfish = taskFixture({ pid: 9 })
    expect(taskRows(facts({ ...selfish, requestUpid: selfish.upid }), 'recent', {})).toHaveLength(1)
  })

  it('filters by cluster, site, node, guest (name or vmid), user, type and status', () => {
    const [vm, ct, other] = facts(
      taskFixture({ pid: 1, vmid: 100, user: 'alice@pve' }),
      endedFixture(taskFixture({ pid: 2, vmid: 210, node: 'n2', type: 'vzdump' }), 'TASK ERROR: x'),
      taskFixture({ pid: 3, clusterId: 'c2', vmid: 300 }),
    )
    if (vm === undefined || ct === undefined || other === undefined) throw new Error('facts')
    expect(matchesFilters(vm, { clusterId: 'c1' })).toBe(true)
    expect(matchesFilters(other, { clusterId: 'c1' })).toBe(false)
    expect(matchesFilters(ct, { site: 'Naorlo' })).toBe(true)
    expect(matchesFilters(vm, { site: 'Naorlo' })).toBe(false)
    expect(matchesFilters(ct, { node: 'n2' })).toBe(true)
    expect(matchesFilters(vm, { guest: 'WEB' })).toBe(true)
    expect(matchesFilters(vm, { guest: '10' })).toBe(true)
    expect(matchesFilters(ct, { guest: 'web' })).toBe(false)
    expect(matchesFilters(vm, { user: 'alice@pve' })).toBe(true)
    expect(matchesFilters(ct, { user: 'alice@pve' })).toBe(false)
    expect(matchesFilters(ct, { type: 'vzdump', state: 'error' })).toBe(true)
    expect(matchesFilters(vm, { type: 'vzdump' })).toBe(false)
    expect(matchesFilters(vm, { state: 'error' })).toBe(false)
    const options = filterOptions([vm, ct, other])
    expect(options.clusters).toEqual([
      { value: 'c1', label: 'ACE' },
      { value: 'c2', label: 'Bravo' },
    ])
    expect(options.sites).toEqual(['Km4', 'Naorlo', 'Paris'])
    expect(options.types).toEqual(['qmstart', 'vzdump'])
    expect(options.users).toEqual(['alice@pve', 'root@pam'])
  })

  it('a fleet delta that does not touch a task’s guest leaves its row the same object (no render); a rename does not', () => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    const web = guestFixture({ vmid: 100, name: 'web-01' })
    const db = guestFixture({ vmid: 101, name: 'db-01' })
    useFleetStore.getState().load({ clusters: [clusterStateFixture('c1', [web, db], { seq: 1 })] })
    const ofWeb = taskFixture({ pid: 1, vmid: 100, starttime: 20 })
    const ofDb = taskFixture({ pid: 2, vmid: 101, id: '101', starttime: 10 })
    const tasks = new Map([ofWeb, ofDb].map((t) => [t.key, t]))
    const cached = factsCache()
    const compute = (): { all: readonly TaskFacts[]; rows: ReturnType<typeof taskRows> } => {
      const { clusters, items: fleetItems } = useFleetStore.getState()
      const all = cached(tasks, clusters, fleetItems)
      return { all, rows: taskRows(all, 'recent', {}) }
    }
    const before = compute()
    // A poll: db-01's CPU moved, web-01 did not change; both items maps and the cluster entry are new objects.
    useFleetStore
      .getState()
      .applyDelta({ clusterId: 'c1', seq: 2, upserts: [{ ...db, cpu: 0.5 }], removed: [] })
    const polled = compute()
    expect(polled.all).toBe(before.all)
    expect(polled.rows[0]).toBe(before.rows[0])
    expect(polled.rows[1]).toBe(before.rows[1])
    // db-01 renamed: its row is new and says so, web-01's row is still the same object.
    useFleetStore
      .getState()
      .applyDelta({ clusterId: 'c1', seq: 3, upserts: [{ ...db, name: 'db-02' }], removed: [] })
    const renamed = compute()
    expect(renamed.rows[0]).toBe(before.rows[0])
    expect(renamed.rows[1]).not.toBe(before.rows[1])
    expect(renamed.rows[1]?.facts.guestName).toBe('db-02')
    // One task ended: only its row is rebuilt.
    const ended = endedFixture(ofWeb)
    tasks.set(ended.key, ended)
    const afterEnd = compute()
    expect(afterEnd.rows[0]?.facts.task).toBe(ended)
    expect(afterEnd.rows[1]).toBe(renamed.rows[1])
  })
})
