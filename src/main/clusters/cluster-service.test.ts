import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import { emptySettings } from '../platform/settings-schema'
import { SettingsStore } from '../platform/settings-store'
import { MemoryVault } from '../secrets/vault'
import { ClusterService } from './cluster-service'

class FullDisk extends SettingsStore {
  override save(): Promise<void> {
    return Promise.reject(new Error('ENOSPC: no space left on device'))
  }
}

const cluster = {
  id: 'ace-prod',
  name: 'ACE prod',
  endpoints: [{ url: 'https://km4-pve1:8006' }],
  auth: { kind: 'password' as const, username: 'noc@pve' },
  sites: {},
  readOnly: false,
}
const options = { pollIntervalMs: 1_000, timeoutMs: 1_000, backoff: { baseMs: 1_000, maxMs: 1_000 } }

describe('ClusterService', () => {
  it('leaves no secret in the keychain when a new cluster’s settings cannot be written', async () => {
    const vault = new MemoryVault()
    const service = new ClusterService(
      new FullDisk(mkdtempSync(join(tmpdir(), 'pvedesk-full-'))),
      vault,
      () => options,
      {
        settings: emptySettings(),
      },
    )
    try {
      await expect(service.save(cluster, 's3cret')).rejects.toThrow('ENOSPC')
      expect(await vault.snapshot('ace-prod')).toEqual({ clusterId: 'ace-prod', raw: undefined })
      expect(service.summaries()).toEqual([])
      expect(service.registry.list()).toEqual([])
    } finally {
      service.dispose()
    }
  })
})

describe('ClusterService and its own writes', () => {
  it('does not rebuild a connection when the file it just wrote reads back with its keys in another order', async () => {
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-reread-')))
    const service = new ClusterService(store, new MemoryVault(), () => options, { settings: emptySettings() })
    try {
      const { readOnly, sites, auth, endpoints, name, id } = cluster // another order than the schema's
      await service.save(
        { readOnly, sites, auth, endpoints: [{ url: endpoints[0]?.url ?? '' }], name, id },
        's',
      )
      const connection = service.registry.get(id)
      await service.reload() // what the watcher does when it sees the file change
      expect(service.registry.get(id)).toBe(connection)
    } finally {
      service.dispose()
    }
  })
})

describe('ClusterService and the secret’s binding', () => {
  const pin = (byte: string): string => Array.from({ length: 32 }, () => byte).join(':')
  // Closed loopback ports: the connection's polls fail at once and reach nobody.
  const local = {
    ...cluster,
    endpoints: [
      { url: 'https://127.0.0.1:9', fingerprint: pin('AA') },
      { url: 'https://127.0.0.1:7', fingerprint: pin('BB') },
    ],
  }

  it('re-pins with the secret typed again, bound to the new pin, and never re-binds the stored one', async () => {
    const vault = new MemoryVault()
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-repin-unit-')))
    // The login through the new pin, as the node would answer it: only the right secret logs in.
    const logins: string[] = []
    const service = new ClusterService(
      store,
      vault,
      () => options,
      { settings: emptySettings() },
      () => Promise.resolve(pin('CC')),
      (candidate, url, credential) => {
        logins.push(`${url} ${candidate.endpoints[0]?.fingerprint ?? ''}`)
        return credential.kind === 'password' && credential.password === 'typed'
          ? Promise.resolve({ version: '9.1.4', nodes: [], servedBy: url })
          : Promise.reject(new AppError({ code: 'auth_failed', message: 'authentication failure' }))
      },
    )
    try {
      await service.save(local, 'old')
      await expect(service.trust(local.id, 'https://127.0.0.1:9', pin('DD'), 'typed')).rejects.toMatchObject({
        code: 'tls_untrusted',
      })
      expect(await vault.read(local)).toEqual({ state: 'bound', secret: 'old' })
      await expect(service.trust(local.id, 'https://127.0.0.1:9', pin('CC'), 'typo')).rejects.toMatchObject({
        code: 'auth_failed',
      })
      expect(logins).toEqual([`https://127.0.0.1:9 ${pin('CC')}`])
      expect(service.get(local.id)).toEqual(local)
      expect(await vault.read(local)).toEqual({ state: 'bound', secret: 'old' })
      await service.trust(local.id, 'https://127.0.0.1:9', pin('CC'), 'typed')
      const repinned = service.get(local.id)
      expect(repinned.endpoints[0]?.fingerprint).toBe(pin('CC'))
      expect(await vault.read(repinned)).toEqual({ state: 'bound', secret: 'typed' })
      expect(await vault.read(local)).toEqual({ state: 'unbound' })
    } finally {
      service.dispose()
    }
  })

  it('keeps the secret for fewer endpoints (re-bound to them), withholds it for a new one', async () => {
    const vault = new MemoryVault()
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-narrow-')))
    const service = new ClusterService(store, vault, () => options, { settings: emptySettings() })
    try {
      await service.save(local, 's3cret')
      const narrower = { ...local, endpoints: local.endpoints.slice(0, 1) }
      await service.save(narrower)
      expect(await vault.read(narrower)).toEqual({ state: 'bound', secret: 's3cret' })
      expect(service.summaries()[0]?.hasCredential).toBe(true)
      await expect(service.save(local)).rejects.toMatchObject({ code: 'invalid_request' })
      await expect(service.storedCredentialFor(local)).rejects.toMatchObject({ code: 'invalid_request' })
      expect(await service.storedCredentialFor(narrower)).toEqual({
        kind: 'password',
        username: 'noc@pve',
        password: 's3cret',
      })
    } finally {
      service.dispose()
    }
  })
})
