import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Settings } from '../platform/settings-schema'
import { emptySettings } from '../platform/settings-schema'
import { SettingsStore } from '../platform/settings-store'
import type { SecretOwner, VaultSnapshot } from '../secrets/vault'
import { MemoryVault } from '../secrets/vault'
import { ClusterCatalog } from './cluster-catalog'

const pin = (byte: string): string => Array.from({ length: 32 }, () => byte).join(':')
const cluster = {
  id: 'ace-prod',
  name: 'ACE prod',
  endpoints: [{ url: 'https://km4-pve1:8006', fingerprint: pin('AB') }],
  auth: { kind: 'password' as const, username: 'noc@pve' },
  sites: {},
  readOnly: false,
}
const yakro = { ...cluster, id: 'yakro', endpoints: [{ url: 'https://yakro-pve1:8006' }] }

/** A keychain that accepts reads and deletes but refuses to store anything new. */
class LockedVault extends MemoryVault {
  refuse = false
  refuseRestore = false
  override restore(snapshot: VaultSnapshot): Promise<void> {
    if (this.refuseRestore) return Promise.reject(new Error('the keychain was locked meanwhile'))
    return super.restore(snapshot)
  }
  override set(owner: SecretOwner, secret: string): Promise<void> {
    if (this.refuse) return Promise.reject(new Error('the keychain is locked'))
    return super.set(owner, secret)
  }
}

/** A disk that fills up on demand. */
class FillingDisk extends SettingsStore {
  full = false
  override save(settings: Settings, carried?: readonly unknown[]): Promise<void> {
    if (this.full) return Promise.reject(new Error('ENOSPC: no space left on device'))
    return super.save(settings, carried)
  }
}

let home: string
let store: FillingDisk
let vault: LockedVault
let catalog: ClusterCatalog
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'pvedesk-catalog-'))
  store = new FillingDisk(home)
  vault = new LockedVault()
  catalog = new ClusterCatalog(store, vault)
  await catalog.update(() => ({
    settings: { ...emptySettings(), clusters: [cluster] },
    secrets: [{ kind: 'set', owner: cluster, secret: 'old-password' }],
    result: undefined,
  }))
})

const fileNow = (): string => readFileSync(store.path, 'utf8')
afterEach(() => {
  vi.restoreAllMocks()
})

describe('the cluster catalog rolls settings and keychain back together', () => {
  it('leaves the settings file untouched when the keychain refuses the secret', async () => {
    const before = fileNow()
    vault.refuse = true
    await expect(
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: [...settings.clusters, yakro] },
        secrets: [{ kind: 'set', owner: yakro, secret: 'new' }],
        result: undefined,
      })),
    ).rejects.toThrow('the keychain is locked')
    expect(fileNow()).toBe(before)
    expect(await vault.read(yakro)).toEqual({ state: 'missing' })
  })

  it('puts back the secret it replaced when the settings cannot be written', async () => {
    const moved = { ...cluster, endpoints: [{ url: 'https://km4-pve1:8006', fingerprint: pin('CD') }] }
    store.full = true
    await expect(
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: [moved] },
        secrets: [{ kind: 'set', owner: moved, secret: 'new-password' }],
        result: undefined,
      })),
    ).rejects.toThrow('ENOSPC')
    // The old secret, still bound to the old pin; nothing bound to the new one.
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 'old-password' })
    expect(await vault.read(moved)).toEqual({ state: 'unbound' })
    expect((await store.load()).settings.clusters).toEqual([cluster])
  })

  it('says so, naming the cluster but no secret, when the replaced secret cannot be put back', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const moved = { ...cluster, endpoints: [{ url: 'https://km4-pve1:8006', fingerprint: pin('CD') }] }
    store.full = true
    vault.refuseRestore = true
    const failure = catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: [moved] },
      secrets: [{ kind: 'set', owner: moved, secret: 'new-password' }],
      result: undefined,
    }))
    await expect(failure).rejects.toThrow(
      /ENOSPC.*keychain entry could not be put back for ace-prod \(the keychain was locked meanwhile\)/,
    )
    await expect(failure).rejects.toMatchObject({ detail: { rollback: 'failed' } })
    const lines = logged.mock.calls.map((c) => c.join(' '))
    expect(lines).toEqual([expect.stringContaining('keychain entry of ace-prod')])
    expect(lines.join('\n')).not.toMatch(/password/)
  })

  it('puts back a deleted secret when removing the cluster from the settings fails', async () => {
    store.full = true
    await expect(
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: [] },
        secrets: [{ kind: 'delete', clusterId: cluster.id }],
        result: undefined,
      })),
    ).rejects.toThrow('ENOSPC')
    expect(await vault.read(cluster)).toEqual({ state: 'bound', secret: 'old-password' })
  })

  it('plans each change from the file as it is now, so two writers in one process lose nothing', async () => {
    const other = new ClusterCatalog(new SettingsStore(home), new MemoryVault())
    const add = (c: ClusterCatalog, id: string): Promise<unknown> =>
      c.update(({ settings }) => ({
        settings: { ...settings, clusters: [...settings.clusters, { ...yakro, id }] },
        result: undefined,
      }))
    await Promise.all([add(catalog, 'a1'), add(other, 'b1'), add(catalog, 'a2'), add(other, 'b2')])
    const ids = (await store.load()).settings.clusters.map((c) => c.id).sort()
    expect(ids).toEqual(['a1', 'a2', 'ace-prod', 'b1', 'b2'])
  })

  it('reads a hand edit made since the last write before writing', async () => {
    const edited = JSON.parse(fileNow()) as Settings
    writeFileSync(store.path, JSON.stringify({ ...edited, clusters: [...edited.clusters, yakro] }))
    await catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: settings.clusters.map((c) => ({ ...c, color: '#112233' })) },
      result: undefined,
    }))
    expect((await store.load()).settings.clusters.map((c) => [c.id, c.color])).toEqual([
      ['ace-prod', '#112233'],
      ['yakro', '#112233'],
    ])
  })
})
