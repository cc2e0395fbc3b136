import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import type { DrReport, DrTargets } from '../../shared/model/dr'
import { fakePve } from '../inventory/capture/fake-pve.testing'
import type { FakePve } from '../inventory/capture/fake-pve.testing'
import { DrService } from './dr-service'
import { fakeConnection, fakeRegistry } from './fake-registry.testing'

const NOW = Date.UTC(2026, 11, 1, 23, 0, 0)

function setup(options: { delayMs?: number } = {}): { pve: FakePve; service: DrService; home: string } {
  const pve = fakePve({ id: 'c1', version: '9.1.4', ...options })
  pve.override('/cluster/tasks', [])
  const { connection } = fakeConnection(pve)
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-dr-service-'))
  const service = new DrService(
    fakeRegistry(() => [connection]),
    {
      home,
      intervalMs: 60_000,
      now: () => NOW,
      report: () => undefined,
    },
  )
  return { pve, service, home }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('DrService', () => {
  it('reads at start, then every interval, the backup contents on every fifth read only', async () => {
    // Only the timers are fake: the settings file and the history are real files, their I/O runs for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { pve, service } = setup()
    const reports: DrReport[] = []
    service.onChanged((r) => reports.push(r))
    const step = async (ms: number, expected: number): Promise<void> => {
      await vi.advanceTimersByTimeAsync(ms)
      while (reports.length < expected) await new Promise((resolve) => setImmediate(resolve))
      // A read ends with its alerts written into the history: waiting for the history waits for it.
      await service.history()
      await vi.advanceTimersByTimeAsync(0)
    }
    await service.start()
    await step(0, 1)
    expect(reports).toHaveLength(1)
    const contents = (): number => pve.calls.filter((c) => c.path.endsWith('/content')).length
    expect(contents()).toBe(2)
    for (let i = 1; i <= 5; i++) await step(60_000, 1 + i)
    expect(reports).toHaveLength(6)
    expect(contents()).toBe(4) // reads 1 and 6
    service.dispose()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(reports).toHaveLength(6)
  })

  it('a refresh while a read runs waits for that read (one read at a time)', async () => {
    const { pve, service } = setup({ delayMs: 5 })
    const a = service.refresh()
    const b = service.refresh()
    const [ra, rb] = await Promise.all([a, b])
    expect(rb).toBe(ra)
    expect(pve.calls.filter((c) => c.path === '/version')).toHaveLength(1)
    service.dispose()
  })

  it('dispose aborts the read in progress and leaves no call running', async () => {
    const { pve, service } = setup({ delayMs: 50 })
    const changed = vi.fn()
    service.onChanged(changed)
    const read = service.refresh()
    await vi.waitFor(() => expect(pve.calls.length).toBeGreaterThan(0))
    service.dispose()
    await expect(read).rejects.toMatchObject({ code: 'cancelled' })
    expect(pve.calls.every((c) => c.settled)).toBe(true)
    expect(changed).not.toHaveBeenCalled()
    await expect(service.refresh()).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('writes the targets into the settings file and re-evaluates at once, without reading PVE again', async () => {
    const { pve, service, home } = setup()
    await service.refresh()
    const calls = pve.calls.length
    const targets: DrTargets = {
      rules: [{ scope: 'cluster', value: 'c1', backupHours: 48 }],
      warnAt: 0.5,
      storageSites: [],
    }
    const changed = vi.fn()
    service.onChanged(changed)
    const report = await service.setTargets(targets)
    expect(report.targets).toEqual(targets)
    expect(changed).toHaveBeenCalledWith(report)
    expect(pve.calls.length).toBe(calls)
    expect(await service.targets()).toEqual(targets)
    const file = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { dr: unknown }
    expect(file.dr).toEqual(targets)
    service.dispose()
  })

  it('refuses targets a compromised renderer makes up', async () => {
    const { service } = setup()
    const hostile = {
      rules: [{ scope: 'tag', value: 'x', backupHours: -1 }],
      warnAt: 9,
      storageSites: [],
      x: 1,
    }
    await expect(service.setTargets(hostile as unknown as DrTargets)).rejects.toMatchObject({
      code: 'invalid_request',
    })
    service.dispose()
  })

  it("takes what is bad at a cluster's first read as its starting point, then notifies at most 3 raised alerts a minute", async () => {
    const connections = ['a', 'b', 'c', 'd', 'e'].map((id) => {
      const pve = fakePve({ id, version: '9.1.4' })
      pve.override('/cluster/tasks', [])
      return fakeConnection(pve).connection // each with its node n2 offline
    })
    const service = new DrService(
      fakeRegistry(() => connections),
      {
        home: mkdtempSync(join(tmpdir(), 'pvedesk-dr-service-')),
        now: () => NOW,
        report: () => undefined,
      },
    )
    const alerts = vi.fn()
    const notified = vi.fn()
    service.onAlert(alerts)
    service.onNotify(notified)
    await service.refresh()
    // Node n2 of each cluster is down from the start: shown in the report, but no transition, so no alert.
    expect(alerts).not.toHaveBeenCalled()
    expect(await service.history()).toEqual([])
    // Every guest without a backup within an hour, at once: five clusters' worth of alerts, three notified.
    const strict = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      scope: 'cluster' as const,
      value: id,
      backupHours: 1,
    }))
    await service.setTargets({ rules: strict, warnAt: 0.8, storageSites: [] })
    expect(alerts.mock.calls.length).toBeGreaterThanOrEqual(5)
    expect(notified).toHaveBeenCalledTimes(3)
    expect((await service.history()).length).toBe(alerts.mock.calls.length)
    service.dispose()
  })

  it('follows targets changed in the settings file by someone else (the CLI, an editor) at the next read', async () => {
    const { service, home } = setup()
    await service.setTargets({ rules: [], warnAt: 0.8, storageSites: [] })
    const targets: DrTargets = {
      rules: [{ scope: 'pool', value: 'erp', backupHours: 12 }],
      warnAt: 0.9,
      storageSites: [],
    }
    const file = join(home, 'settings.json')
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(file, JSON.stringify({ ...settings, dr: targets }))
    expect((await service.refresh()).targets).toEqual(targets)
    service.dispose()
  })
})
