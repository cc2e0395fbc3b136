import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { ClusterCatalog } from '../clusters/cluster-catalog'
import { MemoryVault } from '../secrets/vault'
import { emptySettings } from './settings-schema'
import { SettingsStore } from './settings-store'

// proper-lockfile calls onCompromised from its refresh timer when the lock folder was taken over (this holder was
// too slow, so another process may hold it now). Replayed here by calling that callback, not by waiting for it.
const lockfile = vi.hoisted(() => ({ compromise: (): void => undefined }))
vi.mock('proper-lockfile', () => ({
  lock: (_file: string, options: { onCompromised: (error: Error) => void }) => {
    lockfile.compromise = () =>
      options.onCompromised(new Error('Unable to update lock within the stale threshold'))
    return Promise.resolve(() => Promise.resolve())
  },
}))

afterEach(() => {
  vi.restoreAllMocks()
})

const cluster = {
  id: 'ace-prod',
  name: 'ACE prod',
  endpoints: [{ url: 'https://km4-pve1:8006' }],
  auth: { kind: 'password' as const, username: 'noc@pve' },
  sites: {},
  readOnly: false,
}

describe('a settings lock lost while its holder works', () => {
  it('refuses the pending write: neither the settings file nor the keychain changes', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-lock-')))
    const vault = new MemoryVault()
    const catalog = new ClusterCatalog(store, vault)
    await catalog.update(() => ({ settings: emptySettings(), result: undefined }))
    const before = readFileSync(store.path, 'utf8')

    await expect(
      catalog.update(({ settings }) => {
        lockfile.compromise()
        return {
          settings: { ...settings, clusters: [cluster] },
          secrets: [{ kind: 'set', owner: cluster, secret: 'pw' }],
          result: undefined,
        }
      }),
    ).rejects.toMatchObject({ code: 'conflict', detail: { reason: 'settings_lock_lost' } })
    expect(readFileSync(store.path, 'utf8')).toBe(before)
    expect(await vault.read(cluster)).toEqual({ state: 'missing' })
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('lost: Unable to update lock'))

    // The next holder, whose lock stays held, writes as usual.
    await catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: [cluster] },
      result: undefined,
    }))
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toMatchObject({ clusters: [{ id: 'ace-prod' }] })
  })
})
