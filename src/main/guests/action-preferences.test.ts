import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { ActionPreferences } from '../../shared/model/guest-action'
import { ActionPreferencesStore } from './action-preferences'

const cluster = {
  id: 'yakro',
  name: 'Yakro',
  endpoints: [{ url: 'https://yakro-pve1:8006' }],
  auth: { kind: 'password', username: 'root@pam' },
  sites: {},
  readOnly: false,
}

function homeWith(file: object): { home: string; path: string } {
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-prefs-'))
  const path = join(home, 'settings.json')
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, clusters: [cluster], ...file }))
  return { home, path }
}

describe('action preferences in the settings file', () => {
  it('reads the defaults from a file written before they existed (no version bump)', async () => {
    const { home } = homeWith({})
    expect(await new ActionPreferencesStore(home).read()).toEqual({
      typeNameTags: ['prod', 'production'],
      typeNamePools: [],
      bulkConcurrency: 4,
      notify: 'all',
    })
  })

  it('falls back to the defaults for an unreadable value, reports it once, and keeps the clusters', async () => {
    const { home, path } = homeWith({ actions: { bulkConcurrency: 'lots', notify: 42 } })
    const reports: string[] = []
    const store = new ActionPreferencesStore(home, (m) => reports.push(m))
    expect((await store.read()).bulkConcurrency).toBe(4)
    await store.read()
    expect(reports).toHaveLength(1)
    expect(reports[0]).toContain('bulkConcurrency')
    const saved = await store.write({ ...(await store.read()), bulkConcurrency: 2 })
    expect(saved.bulkConcurrency).toBe(2)
    const file = JSON.parse(readFileSync(path, 'utf8')) as { clusters: unknown[]; actions: ActionPreferences }
    expect(file.clusters).toEqual([cluster])
    expect(file.actions.bulkConcurrency).toBe(2)
    expect((await new ActionPreferencesStore(home).read()).bulkConcurrency).toBe(2)
  })

  it('refuses what the schema refuses (a compromised renderer asking for 1000 actions at once)', async () => {
    const { home, path } = homeWith({})
    const before = readFileSync(path, 'utf8')
    const store = new ActionPreferencesStore(home)
    await expect(store.write({ ...(await store.read()), bulkConcurrency: 1000 })).rejects.toThrow()
    expect(readFileSync(path, 'utf8')).toBe(before)
  })
})
