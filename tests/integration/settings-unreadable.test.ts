import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, describe, expect, it, vi } from 'vitest'

import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { AppHealth } from '../../src/shared/ipc/contract'
import { runPvedesk, settingsHome, useYakroSimulator } from '../support/cli-env'

// A settings file half-written by an editor (or broken by hand) while the app runs: the app keeps its clusters,
// the file stays where it is, byte for byte, and every change is refused until it reads again. Only the app's
// start-up moves an unreadable file aside; a `pvedesk` command fails and leaves it.

const fleet = useYakroSimulator()
let services: MainServices | undefined
const WAIT = { timeout: 15_000, interval: 50 }

afterAll(() => {
  services?.dispose()
})

describe('a settings file that stops reading while the app runs', () => {
  it('keeps the connections, leaves the file, refuses writes, and follows the file again once it reads', async () => {
    const home = settingsHome('pvedesk-unreadable-', { pollIntervalMs: 500, timeoutMs: 2_000 })
    const file = join(home, 'settings.json')
    services = await createMainServices({
      home,
      vault: new MemoryVault(),
      info: { version: '0', locale: 'en', host: 'browser' },
    })
    const { router, clusters } = services
    router.attach({ id: 'page', send: () => undefined })
    const invoke = (channel: string, request: unknown): Promise<unknown> =>
      router.invoke('page', channel, request)
    const health = async (): Promise<AppHealth> =>
      ((await invoke('app:health', {})) as { ok: true; value: AppHealth }).value

    expect(await invoke('cluster:save', { cluster: fleet.yakro, secret: fleet.password })).toMatchObject({
      ok: true,
    })
    await vi.waitFor(() => expect(clusters.registry.get('yakro-pve1').status.state).toBe('online'), WAIT)
    const good = readFileSync(file, 'utf8')

    // An editor's half-written save: the watcher reads it.
    const truncated = good.slice(0, Math.floor(good.length / 2))
    writeFileSync(file, truncated)
    await vi.waitFor(async () => expect((await health()).settingsUnreadable?.file).toBe(file), WAIT)
    expect(readdirSync(home)).toEqual(['settings.json'])
    expect(readFileSync(file, 'utf8')).toBe(truncated)
    expect(clusters.registry.has('yakro-pve1')).toBe(true)
    expect(clusters.summaries().map((c) => c.id)).toEqual(['yakro-pve1'])
    expect(clusters.registry.get('yakro-pve1').status.state).toBe('online')
    for (const [channel, request] of [
      ['cluster:save', { cluster: { ...fleet.yakro, name: 'Renamed' } }],
      ['cluster:remove', { clusterId: 'yakro-pve1' }],
    ] as const) {
      expect(await invoke(channel, request)).toMatchObject({
        ok: false,
        error: { code: 'conflict', detail: { reason: 'settings_unreadable' } },
      })
    }
    expect(readFileSync(file, 'utf8')).toBe(truncated)
    expect(readdirSync(home)).toEqual(['settings.json'])

    // Any pvedesk command fails clearly, exit 8, and neither moves nor writes the file.
    vi.stubEnv('PVEDESK_HOME', home)
    try {
      for (const args of [
        ['cluster', 'list'],
        ['cluster', 'remove', 'yakro-pve1'],
      ]) {
        const { code, err } = await runPvedesk(args)
        expect(code).toBe(8)
        expect(err).toMatch(/^pvedesk: conflict: .*settings\.json cannot be read \(.+\): nothing was changed/)
      }
    } finally {
      vi.unstubAllEnvs()
    }
    expect(readFileSync(file, 'utf8')).toBe(truncated)
    expect(readdirSync(home)).toEqual(['settings.json'])

    // Corrected (here: the editor finishes its save): followed again, and changes are accepted.
    writeFileSync(file, good.replace('"name": "', '"name": "Hand-'))
    await vi.waitFor(async () => expect((await health()).settingsUnreadable).toBeUndefined(), WAIT)
    await vi.waitFor(() => expect(clusters.get('yakro-pve1').name).toMatch(/^Hand-/), WAIT)
    expect(await invoke('cluster:save', { cluster: { ...fleet.yakro, name: 'Renamed' } })).toMatchObject({
      ok: true,
    })
    expect(readFileSync(file, 'utf8')).toContain('"name": "Renamed"')
  })
})
