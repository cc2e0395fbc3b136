// RRD history shaped as pve-cluster's RRD.pm `create_rrd_data` returns it, per PVE version (views/rrd.ts).

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let yakro: SimEndpoint
let root: Session
let yakroRoot: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace, dr] = sim.info.clusters
  if (ace?.endpoints[0] === undefined || dr?.endpoints[0] === undefined) throw new Error('clusters missing')
  km4 = ace.endpoints[0]
  yakro = dr.endpoints[0]
  root = await login(km4, 'root@pam', ace.login.password)
  yakroRoot = await login(yakro, 'root@pam', dr.login.password)
})

beforeEach(async () => {
  await sim.reset()
  root = await login(km4, 'root@pam', 'pvedesk-demo')
  yakroRoot = await login(yakro, 'root@pam', 'pvedesk-demo')
})

afterAll(async () => {
  await sim.dispose()
})

async function rrd(endpoint: SimEndpoint, session: Session, path: string): Promise<Entry[]> {
  const res = await call(endpoint, session, 'GET', path)
  expect(res.status, `${path}: ${res.reason}`).toBe(200)
  return res.data as Entry[]
}

const nowS = (): number => Math.floor(sim.now() / 1000)
const hasData = (row: Entry): boolean => 'cpu' in row

function expectFrame(rows: Entry[], step: number, count: number): void {
  expect(rows).toHaveLength(count)
  const ctime = step * Math.floor(nowS() / step)
  expect(rows.at(-1)?.time).toBe(ctime)
  rows.forEach((row, i) => {
    expect(row.time).toBe(ctime - (count - 1 - i) * step)
  })
}

describe('timeframes', () => {
  it('PVE 9 reads the pve-node-9.0 layout: 60 × 1 min, 1440 × 1 min, 336 × 30 min, 1440 × 30 min, 1440 × 6 h, 570 weeks', async () => {
    const frames: [string, number, number][] = [
      ['hour', 60, 60],
      ['day', 60, 1440],
      ['week', 1800, 336],
      ['month', 1800, 1440],
      ['year', 21_600, 1440],
      ['decade', 604_800, 570],
    ]
    for (const [timeframe, step, count] of frames) {
      expectFrame(await rrd(km4, root, `/nodes/km4-pve1/rrddata?timeframe=${timeframe}`), step, count)
      // Guests have no decade in the 9.1 schema (qemu-server and pve-container kept the old enum).
      if (timeframe === 'decade') continue
      expectFrame(
        await rrd(km4, root, `/nodes/km4-pve1/qemu/101/rrddata?timeframe=${timeframe}`),
        step,
        count,
      )
    }
    const guest = await call(km4, root, 'GET', '/nodes/km4-pve1/qemu/101/rrddata?timeframe=decade')
    expect(guest.status).toBe(400)
  })

  it('PVE 8 reads pve2 files: 70 rows of 1 min, 30 min, 3 h, 12 h, 7 days, and refuses decade', async () => {
    const frames: [string, number][] = [
      ['hour', 60],
      ['day', 1800],
      ['week', 10_800],
      ['month', 43_200],
      ['year', 604_800],
    ]
    for (const [timeframe, step] of frames) {
      expectFrame(await rrd(yakro, yakroRoot, `/nodes/yakro-pve1/rrddata?timeframe=${timeframe}`), step, 70)
      expectFrame(
        await rrd(yakro, yakroRoot, `/nodes/yakro-pve1/lxc/101/rrddata?timeframe=${timeframe}`),
        step,
        70,
      )
    }
    const refused = await call(yakro, yakroRoot, 'GET', '/nodes/yakro-pve1/rrddata?timeframe=decade')
    expect(refused.status).toBe(400)
    expect(refused.body.errors).toEqual({
      timeframe: "value 'decade' does not have a value in the enumeration 'hour, day, week, month, year'",
    })
  })
})

describe('consolidation', () => {
  it('MAX equals AVERAGE on 1-minute rows and peaks above it on coarser ones, never above the capacity', async () => {
    const base = '/nodes/km4-pve1/qemu/103/rrddata'
    const hourAvg = await rrd(km4, root, `${base}?timeframe=hour&cf=AVERAGE`)
    const hourMax = await rrd(km4, root, `${base}?timeframe=hour&cf=MAX`)
    expect(hourMax).toEqual(hourAvg)
    const weekAvg = await rrd(km4, root, `${base}?timeframe=week&cf=AVERAGE`)
    const weekMax = await rrd(km4, root, `${base}?timeframe=week&cf=MAX`)
    let above = 0
    weekAvg.forEach((avg, i) => {
      const max = weekMax[i] ?? {}
      if (!hasData(avg)) return
      for (const key of ['cpu', 'mem', 'netin', 'diskwrite']) {
        expect(Number(max[key])).toBeGreaterThanOrEqual(Number(avg[key]))
        if (Number(max[key]) > Number(avg[key])) above++
      }
      expect(Number(max.cpu)).toBeLessThanOrEqual(1)
      expect(Number(max.mem)).toBeLessThanOrEqual(Number(max.maxmem))
    })
    expect(above).toBeGreaterThan(weekAvg.length)
  })
})

describe('gaps', () => {
  it('leaves the keys out (never null) while yakro-pve1 wrote nothing, an hour ago for ten minutes', async () => {
    const rows = await rrd(yakro, yakroRoot, '/nodes/yakro-pve1/rrddata?timeframe=hour')
    const gap = rows.filter((r) => !hasData(r))
    expect(gap).toHaveLength(10)
    for (const row of gap) expect(Object.keys(row)).toEqual(['time'])
    const gapStart = Number(gap[0]?.time)
    expect(gapStart).toBeGreaterThan(nowS() - 71 * 60)
    expect(gapStart).toBeLessThan(nowS() - 68 * 60)
    expect(JSON.stringify(rows)).not.toContain('null')
    // Its running guests have the same hole, without even the gauges.
    const guest = await rrd(yakro, yakroRoot, '/nodes/yakro-pve1/qemu/100/rrddata?timeframe=hour')
    expect(guest.filter((r) => Object.keys(r).length === 1).map((r) => r.time)).toEqual(
      gap.map((r) => r.time),
    )
  })

  it('shows a stopped guest’s earlier run and only the gauges around it', async () => {
    const rows = await rrd(km4, root, '/nodes/km4-pve2/qemu/210/rrddata?timeframe=day')
    const running = rows.filter(hasData)
    // Three hours of 1-minute rows, 20 to 17 hours ago.
    expect(running.length).toBeGreaterThanOrEqual(179)
    expect(running.length).toBeLessThanOrEqual(181)
    expect(Number(running[0]?.time)).toBeGreaterThanOrEqual(nowS() - 20 * 3600)
    const idle = rows.find((r) => !hasData(r))
    expect(idle).toEqual({
      time: idle?.time,
      maxcpu: expect.any(Number) as number,
      maxmem: expect.any(Number) as number,
      maxdisk: expect.any(Number) as number,
      disk: 0,
    })
  })

  it('has no samples before a guest started, and keeps the run of a guest that stops', async () => {
    sim.advanceClock(600)
    sim.setGuestStatus('ace-prod', 202, 'stopped')
    sim.advanceClock(600)
    root = await login(km4, 'root@pam', 'pvedesk-demo')
    const rows = await rrd(km4, root, '/nodes/km4-pve2/qemu/202/rrddata?timeframe=hour')
    const last = rows.findLastIndex(hasData)
    expect(last).toBeGreaterThan(0)
    expect(Number(rows[last]?.time)).toBeGreaterThanOrEqual(nowS() - 11 * 60)
    expect(Number(rows[last]?.time)).toBeLessThanOrEqual(nowS() - 9 * 60)
    expect(rows.slice(last + 1).some(hasData)).toBe(false)
    sim.setGuestStatus('ace-prod', 202, 'running')
    const restarted = await rrd(km4, root, '/nodes/km4-pve2/qemu/202/rrddata?timeframe=hour')
    expect(restarted.slice(last + 2, -1).some(hasData)).toBe(false)
  })

  it('records a stopped node’s absence once it answers again', async () => {
    await sim.stopNode('km4-pve2')
    sim.advanceClock(300)
    await sim.startNode('km4-pve2')
    sim.advanceClock(120)
    root = await login(km4, 'root@pam', 'pvedesk-demo')
    const rows = await rrd(km4, root, '/nodes/km4-pve2/rrddata?timeframe=hour')
    const gap = rows.filter((r) => !hasData(r))
    expect(gap.length).toBeGreaterThanOrEqual(4)
    expect(gap.length).toBeLessThanOrEqual(6)
    expect(hasData(rows.at(-1) ?? {})).toBe(true)
  })
})
