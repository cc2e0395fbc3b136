import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import type { ClusterInput } from '../../shared/model/cluster-input'
import { emptySettings } from '../platform/settings-schema'
import { SettingsStore } from '../platform/settings-store'
import { MemoryVault } from '../secrets/vault'
import { ClusterCatalog } from './cluster-catalog'
import { ClusterService } from './cluster-service'

const cluster: ClusterInput = {
  id: 'yakro',
  name: 'Yakro',
  endpoints: [{ url: 'https://127.0.0.1:1' }],
  auth: { kind: 'password', username: 'root@pam' },
  sites: {},
  readOnly: true,
}
const writable: ClusterInput = { ...cluster, readOnly: false }
const options = { pollIntervalMs: 60_000, timeoutMs: 500, backoff: { baseMs: 60_000, maxMs: 60_000 } }

/** Writes the file a user could have edited by hand, with `clusters`. */
function writeFile(store: SettingsStore, clusters: ClusterInput[]): void {
  writeFileSync(store.path, JSON.stringify({ ...emptySettings(), clusters }))
}
const readOnlyOnDisk = (store: SettingsStore): boolean =>
  (JSON.parse(readFileSync(store.path, 'utf8')) as { clusters: ClusterInput[] }).clusters[0]?.readOnly ===
  true

const running: ClusterService[] = []
afterEach(() => {
  for (const s of running.splice(0)) s.dispose()
})

async function setUp(): Promise<{ store: SettingsStore; vault: MemoryVault; service: ClusterService }> {
  const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-rail-')))
  const vault = new MemoryVault()
  writeFile(store, [])
  const service = new ClusterService(store, vault, () => options, await store.load())
  running.push(service)
  await service.save(cluster, 's3cret')
  return { store, vault, service }
}

describe('the read-only rail: lifting read-only takes the secret again', () => {
  it('refuses cluster:save lifting read-only without the secret, and changes nothing', async () => {
    const { store, service } = await setUp()
    await expect(service.save(writable)).rejects.toMatchObject({
      code: 'auth_failed',
      detail: { reason: 'read_only_lift' },
    })
    expect(readOnlyOnDisk(store)).toBe(true)
    expect(service.get('yakro').readOnly).toBe(true)
  })

  it('refuses a secret other than the stored one (a renderer guessing), and lifts with the right one', async () => {
    const { store, vault, service } = await setUp()
    await expect(service.save(writable, 'guess')).rejects.toMatchObject({ code: 'auth_failed' })
    expect(readOnlyOnDisk(store)).toBe(true)
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 's3cret' })

    await service.save(writable, 's3cret')
    expect(readOnlyOnDisk(store)).toBe(false)
    expect(await vault.read(writable)).toEqual({ state: 'bound', secret: 's3cret' })
  })

  it('turns read-only on without the secret, and binds the stored one to read-only', async () => {
    const { store, vault, service } = await setUp()
    await service.save(writable, 's3cret')
    await service.save(cluster)
    expect(readOnlyOnDisk(store)).toBe(true)
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 's3cret' })
    // The writable cluster (a hand edit of the file) no longer gets it.
    expect(await vault.read(writable)).toEqual({ state: 'unbound' })
  })

  it('withholds the secret from a settings file edited by hand to lift read-only', async () => {
    const { store, vault, service } = await setUp()
    writeFile(store, [writable])
    await service.reload()
    expect(service.get('yakro').readOnly).toBe(false)
    expect(await vault.read(writable)).toEqual({ state: 'unbound' })
    expect(service.summaries()[0]?.hasCredential).toBe(false)
    // The connection asks for the secret and gets `secret_unbound`: nothing is sent, the user types it again.
    await expect
      .poll(() => service.state().clusters[0]?.status.error?.detail?.reason, { timeout: 5_000 })
      .toBe('secret_unbound')
  })

  it('refuses a catalog change lifting read-only without a secret (the CLI path)', async () => {
    const { store, vault } = await setUp()
    const catalog = new ClusterCatalog(store, vault)
    await expect(
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: settings.clusters.map((c) => ({ ...c, readOnly: false })) },
        result: undefined,
      })),
    ).rejects.toMatchObject({ code: 'auth_failed', detail: { reason: 'read_only_lift' } })
    expect(readOnlyOnDisk(store)).toBe(true)
  })

  it('refuses a catalog lift with a secret other than the stored one (the CLI path), keeping the stored one', async () => {
    const { store, vault } = await setUp()
    const catalog = new ClusterCatalog(store, vault)
    const lift = (secret: string): Promise<unknown> =>
      catalog.update(({ settings }) => {
        const clusters = settings.clusters.map((c) => ({ ...c, readOnly: false }))
        return {
          settings: { ...settings, clusters },
          secrets: clusters.map((owner) => ({ kind: 'set' as const, owner, secret })),
          result: undefined,
        }
      })
    await expect(lift('guess')).rejects.toMatchObject({
      code: 'auth_failed',
      detail: { reason: 'read_only_lift' },
    })
    expect(readOnlyOnDisk(store)).toBe(true)
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 's3cret' })
    expect(await vault.read(writable)).toEqual({ state: 'unbound' })

    await lift('s3cret')
    expect(readOnlyOnDisk(store)).toBe(false)
    expect(await vault.read(writable)).toEqual({ state: 'bound', secret: 's3cret' })
  })

  it('binds tighter a secret stored while writable once its cluster reads read-only', async () => {
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-rail-')))
    const vault = new MemoryVault()
    // Stored before read-only was part of bindings (or read-only set by hand in the file).
    await vault.set(writable, 's3cret')
    writeFile(store, [cluster])
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 's3cret', loose: true })
    const service = new ClusterService(store, vault, () => options, await store.load())
    running.push(service)
    await service.start()
    // The connection's first login reads the secret: bound to read-only from then on.
    await expect.poll(() => vault.read(writable), { timeout: 5_000 }).toEqual({ state: 'unbound' })
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 's3cret' })
  })

  it('never binds a secret to new endpoints when read-only goes on with them', async () => {
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-rail-')))
    const vault = new MemoryVault()
    await vault.set(writable, 's3cret')
    writeFile(store, [writable])
    const elsewhere = { ...cluster, endpoints: [{ url: 'https://attacker.example:8006' }] }
    await new ClusterCatalog(store, vault).update(({ settings }) => ({
      settings: { ...settings, clusters: [elsewhere] },
      result: undefined,
    }))
    expect(await vault.read(elsewhere)).toEqual({ state: 'unbound' })
  })
})
