import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { KeyringVault } from '../../src/main/secrets/keyring-vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { ClusterConfigEvent } from '../../src/shared/ipc/contract'
import { secretServiceAvailable, settingsHome, useYakroSimulator } from '../support/cli-env'

// The app and any number of `pvedesk` processes share one settings file and keychain: every write is a
// read-modify-write under the settings lock. Real processes (bin/pvedesk), a real Secret Service (run under
// scripts/with-keyring.sh).
const hasBus = secretServiceAvailable()

const WAIT = { timeout: 20_000, interval: 50 }
const fleet = useYakroSimulator()
const created: string[] = []
const open: MainServices[] = []

const freshHome = (): string => settingsHome('pvedesk-shared-', { pollIntervalMs: 500, timeoutMs: 3_000 })

/** `bin/pvedesk cluster add <id>` as a separate process, asynchronous so that the simulator here answers it. */
function pvedesk(home: string, args: string[], stdin = ''): Promise<{ code: number | null; err: string }> {
  const child = spawn(join(process.cwd(), 'bin/pvedesk'), args, {
    env: { ...process.env, PVEDESK_HOME: home },
  })
  child.stdin.end(stdin)
  let err = ''
  child.stdout.resume()
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, err })))
}
const add = (home: string, id: string): Promise<{ code: number | null; err: string }> => {
  created.push(id)
  return pvedesk(
    home,
    [
      'cluster',
      'add',
      id,
      '--endpoint',
      fleet.yakro.endpoints[0]?.url ?? '',
      '--username',
      'root@pam',
      '--password-stdin',
      '--trust',
    ],
    fleet.password,
  )
}
const idsOnDisk = (home: string): string[] =>
  (JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { clusters: ClusterConfig[] }).clusters
    .map((c) => c.id)
    .sort()
const clusterOnDisk = (home: string, id: string): ClusterConfig | undefined =>
  (
    JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { clusters: ClusterConfig[] }
  ).clusters.find((c) => c.id === id)

async function app(home: string): Promise<{ services: MainServices; events: ClusterConfigEvent[] }> {
  const services = await createMainServices({
    home,
    vault: new KeyringVault(),
    info: { version: '0', locale: 'en', host: 'browser' },
  })
  open.push(services)
  const events: ClusterConfigEvent[] = []
  services.router.attach({
    id: 'page',
    send: (event, payload) => {
      if (event === 'cluster:config') events.push(payload as ClusterConfigEvent)
    },
  })
  services.router.subscribe('page', 'cluster:config')
  return { services, events }
}

describe.skipIf(!hasBus)('one settings catalog for the app and the CLI', () => {
  afterAll(async () => {
    for (const services of open.splice(0)) services.dispose()
    const vault = new KeyringVault()
    for (const id of created) await vault.delete(id).catch(() => undefined)
  })

  it('keeps every cluster when three `pvedesk cluster add` run at the same moment', async () => {
    const home = freshHome()
    const results = await Promise.all([add(home, 'par-a'), add(home, 'par-b'), add(home, 'par-c')])
    expect(results.map((r) => [r.code, r.err])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ])
    expect(idsOnDisk(home)).toEqual(['par-a', 'par-b', 'par-c'])
    const vault = new KeyringVault()
    for (const id of ['par-a', 'par-b', 'par-c']) {
      const cluster = clusterOnDisk(home, id)
      if (cluster === undefined) throw new Error(`no ${id}`)
      expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: fleet.password })
    }
  })

  it('loses nothing when the app and the CLI write at once, and the app follows what the CLI did without a restart', async () => {
    const home = freshHome()
    const { services, events } = await app(home)
    const mine = { ...fleet.yakro, id: 'app-one' }
    created.push(mine.id)
    await services.clusters.save(mine, fleet.password)
    // The CLI adds a cluster while the app saves colours, over and over: the reproduction of issue 7.
    const cli = add(home, 'cli-one')
    let saves = 0
    const cliRun = { done: false }
    void cli.then(() => (cliRun.done = true))
    while (!cliRun.done || saves < 3) {
      await services.clusters.save({ ...mine, color: saves % 2 === 0 ? '#aa0000' : '#00aa00' })
      saves++
    }
    expect((await cli).code).toBe(0)
    await services.clusters.save({ ...mine, color: '#123456' })
    expect(idsOnDisk(home)).toEqual(['app-one', 'cli-one'])
    expect(clusterOnDisk(home, 'app-one')?.color).toBe('#123456')
    const added = clusterOnDisk(home, 'cli-one')
    if (added === undefined) throw new Error('the CLI’s cluster vanished')
    expect(await new KeyringVault().read(added)).toEqual({ state: 'bound', secret: fleet.password })
    // The app picked it up: connected, announced, with its secret.
    await vi.waitFor(() => expect(services.clusters.registry.has('cli-one')).toBe(true), WAIT)
    await vi.waitFor(
      () => expect(services.clusters.registry.get('cli-one').status.state).toBe('online'),
      WAIT,
    )
    expect(events).toContainEqual({
      kind: 'saved',
      summary: expect.objectContaining({ id: 'cli-one', hasCredential: true }) as unknown,
    })
    // And what the CLI removes disappears from the app.
    expect((await pvedesk(home, ['cluster', 'remove', 'cli-one'])).code).toBe(0)
    await vi.waitFor(() => expect(services.clusters.registry.has('cli-one')).toBe(false), WAIT)
    expect(events).toContainEqual({ kind: 'removed', clusterId: 'cli-one' })
    expect(services.clusters.summaries().map((s) => s.id)).toEqual(['app-one'])
  })

  it('keeps both of two saves made at once in the app', async () => {
    const home = freshHome()
    const { services } = await app(home)
    const one = { ...fleet.yakro, id: 'twice-one' }
    const two = { ...fleet.yakro, id: 'twice-two', name: 'second' }
    created.push(one.id, two.id)
    await services.clusters.save(one, fleet.password)
    await Promise.all([
      services.clusters.save({ ...one, color: '#0000ff' }),
      services.clusters.save(two, fleet.password),
      services.router.invoke('page', 'cluster:save', { cluster: { ...one, name: 'renamed' } }),
    ])
    const onDisk = clusterOnDisk(home, 'twice-one')
    expect(idsOnDisk(home)).toEqual(['twice-one', 'twice-two'])
    expect(onDisk?.name).toBe('renamed')
    expect(services.clusters.summaries().map((s) => s.id)).toEqual(['twice-one', 'twice-two'])
  })
})
