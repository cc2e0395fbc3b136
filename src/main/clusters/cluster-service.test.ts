import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

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
    const service = new ClusterService(new FullDisk(mkdtempSync(join(tmpdir(), 'pvedesk-full-'))), vault, () => options, {
      settings: emptySettings(),
    })
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
