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

  it('a refresh cancelled by its only waiter aborts the read: its calls stop, nothing is published, the next refresh reads anew', async () => {
    const { pve, service } = setup({ delayMs: 40 })
    const first = await service.refresh()
    const changed = vi.fn()
    service.onChanged(changed)
    const before = pve.calls.length
    const controller = new AbortController()
    const cancelled = service.refresh(controller.signal)
    await vi.waitFor(() => expect(pve.calls.length).toBeGreaterThan(before))
    const inFlight = pve.calls.filter((c) => !c.settled)
    const atCancel = pve.calls.length
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })
    await service.idle()
    const made = pve.calls.length - before
    // The read stopped where it was: no call after the cancel, those in flight aborted, far fewer than a whole read.
    expect(pve.calls.length).toBe(atCancel)
    expect(inFlight.length).toBeGreaterThan(0)
    expect(inFlight.every((c) => c.settled && c.signal?.aborted === true)).toBe(true)
    expect(made).toBeLessThan(before)
    expect(changed).not.toHaveBeenCalled()
    expect(await service.report()).toBe(first)
    const again = await service.refresh()
    expect(changed).toHaveBeenCalledWith(again)
    // A whole read again (without the backup contents, read on the first of every five completed reads).
    const fresh = pve.calls.slice(before + made)
    expect(fresh.length).toBeGreaterThan(made)
    expect(fresh.every((c) => c.settled && c.signal?.aborted !== true)).toBe(true)
    service.dispose()
  })

  it("one caller's cancel does not cut a read another caller waits on", async () => {
    const { pve, service } = setup({ delayMs: 20 })
    const controller = new AbortController()
    const leaving = service.refresh(controller.signal)
    const staying = service.refresh(new AbortController().signal)
    await vi.waitFor(() => expect(pve.calls.length).toBeGreaterThan(0))
    controller.abort()
    await expect(leaving).rejects.toMatchObject({ code: 'cancelled' })
    const report = await staying
    expect(report.guests.length).toBeGreaterThan(0)
    expect(pve.calls.every((c) => c.signal?.aborted !== true)).toBe(true)
    expect(await service.report()).toBe(report)
    service.dispose()
  })

  it("the scheduled read, or a refresh without a signal, is never cut by a caller's cancel", async () => {
    const { pve, service } = setup({ delayMs: 20 })
    const changed = vi.fn()
    service.onChanged(changed)
    await service.start()
    await vi.waitFor(() => expect(pve.calls.length).toBeGreaterThan(0))
    const controller = new AbortController()
    const joined = service.refresh(controller.signal)
    controller.abort()
    await expect(joined).rejects.toMatchObject({ code: 'cancelled' })
    await service.idle()
    expect(changed).toHaveBeenCalledOnce()
    expect(pve.calls.every((c) => c.signal?.aborted !== true)).toBe(true)

    const calls = pve.calls.length
    const held = service.refresh()
    const other = new AbortController()
    const leaving = service.refresh(other.signal)
    other.abort()
    await expect(leaving).rejects.toMatchObject({ code: 'cancelled' })
    expect(await held).toBe(await service.report())
    expect(pve.calls.slice(calls).every((c) => c.signal?.aborted !== true)).toBe(true)
    service.dispose()
  })

  it('an already aborted signal reads nothing', async () => {
    const { pve, service } = setup()
    const controller = new AbortController()
    controller.abort()
    await expect(service.refresh(controller.signal)).rejects.toMatchObject({ code: 'cancelled' })
    await service.idle()
    expect(pve.calls).toEqual([])
    service.dispose()
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
