import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { WorkspacePreferences } from '../../shared/model/workspace'
import { defaultWorkspacePreferences } from '../../shared/model/workspace'
import { ClusterCatalog } from '../clusters/cluster-catalog'
import { MemoryVault } from '../secrets/vault'
import { SettingsStore } from '../platform/settings-store'
import { WorkspaceStore } from './workspace-store'

const cluster = {
  id: 'yakro',
  name: 'Yakro',
  endpoints: [{ url: 'https://yakro-pve1:8006' }],
  auth: { kind: 'password' as const, username: 'root@pam' },
  sites: {},
  readOnly: false,
}
const other = { ...cluster, id: 'ace-prod', name: 'ACE prod', endpoints: [{ url: 'https://km4-pve1:8006' }] }

function homeWith(file: object): { home: string; path: string } {
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-workspace-'))
  const path = join(home, 'settings.json')
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, clusters: [cluster], ...file }))
  return { home, path }
}

const fileOf = (path: string): { clusters: { id: string }[]; workspace?: unknown } =>
  JSON.parse(readFileSync(path, 'utf8')) as { clusters: { id: string }[]; workspace?: unknown }

function storeWithReports(home: string): { store: WorkspaceStore; reports: string[] } {
  const reports: string[] = []
  return { store: new WorkspaceStore(home, (m) => reports.push(m)), reports }
}

describe('the workspace in the settings file', () => {
  it('reads the defaults from a file written before it existed, then keeps what is written beside the clusters', async () => {
    const { home, path } = homeWith({})
    const store = new WorkspaceStore(home)
    expect(await store.read()).toEqual(defaultWorkspacePreferences())
    const wanted: WorkspacePreferences = {
      ...defaultWorkspacePreferences(),
      language: 'en',
      theme: 'dark',
      density: 'dense',
      favourites: [{ clusterId: 'yakro', vmid: 101 }],
    }
    expect(await store.write(wanted)).toEqual(wanted)
    expect(fileOf(path).clusters).toEqual([cluster])
    expect(await new WorkspaceStore(home).read()).toEqual(wanted)
  })

  it('refuses a hand-edited folder of a million guests by its length, keeping the other fields', async () => {
    const guests = Array.from({ length: 1_000_000 }, (_, i) => ({ clusterId: 'yakro', vmid: 100 + i }))
    const { home } = homeWith({
      workspace: { language: 'en', folders: [{ id: 'big', name: 'Big', guests }] },
    })
    const { store, reports } = storeWithReports(home)
    const read = await store.read()
    expect(read.folders).toEqual([])
    expect(read.language).toBe('en')
    await store.read()
    expect(reports).toHaveLength(1)
    // Said by the length guard (before the schema sees a million entries), not by a schema error.
    expect(reports[0]).toContain('a folder of 1000000 guests, at most 20000')
  })

  it('refuses folders of 60,000 guests in all (each folder within its own bound), from the file and the renderer', async () => {
    const folder = (n: number): object => ({
      id: `f${n}`,
      name: `F${n}`,
      guests: Array.from({ length: 20_000 }, (_, i) => ({ clusterId: 'yakro', vmid: 100 + i })),
    })
    const folders = [folder(1), folder(2), folder(3)]
    const { home, path } = homeWith({ workspace: { theme: 'dark', folders } })
    const { store, reports } = storeWithReports(home)
    const read = await store.read()
    expect(read).toEqual({ ...defaultWorkspacePreferences(), theme: 'dark' })
    expect(reports[0]).toContain('60000 guests in folders, at most 50000')
    const before = readFileSync(path, 'utf8')
    await expect(store.write({ ...read, folders } as WorkspacePreferences)).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(readFileSync(path, 'utf8')).toBe(before)
    // Two such folders (40,000 guests) are a workspace the operator may have.
    await store.write({ ...read, folders: folders.slice(0, 2) } as WorkspacePreferences)
    expect((fileOf(path).workspace as { folders: unknown[] }).folders).toHaveLength(2)
  })

  it('never takes a `__proto__` key for the workspace, from the file or the renderer', async () => {
    const hostile = '{"theme":"light","__proto__":{"theme":"dark","admin":true}}'
    const { home, path } = homeWith({})
    writeFileSync(path, `{"schemaVersion":1,"clusters":[],"workspace":${hostile}}`)
    const { store, reports } = storeWithReports(home)
    const read = await store.read()
    expect(read).toEqual({ ...defaultWorkspacePreferences(), theme: 'light' })
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
    expect(reports[0]).toContain('"__proto__"')
    const attack = JSON.parse(
      `{"language":"fr","theme":"dark","density":"dense","grouping":"tag","folders":[],"favourites":[],"savedViews":[],"__proto__":{"x":1}}`,
    ) as WorkspacePreferences
    await expect(store.write(attack)).rejects.toMatchObject({ code: 'invalid_request' })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('refuses a 50 MB saved view name, with a bounded report', async () => {
    const name = 'x'.repeat(50 * 1024 * 1024)
    const { home } = homeWith({
      workspace: { theme: 'dark', savedViews: [{ id: 'v', name, query: '', grouping: 'tag' }] },
    })
    const { store, reports } = storeWithReports(home)
    const read = await store.read()
    expect(read.savedViews).toEqual([])
    expect(read.theme).toBe('dark')
    expect(reports[0]).toContain('workspace.savedViews')
    expect(reports[0]?.length).toBeLessThan(2_000)
  })

  it('gives each field of a wrong type its default alone', async () => {
    const { home } = homeWith({
      workspace: { language: 42, theme: 'neon', density: null, grouping: 'pool', favourites: 'all' },
    })
    const { store, reports } = storeWithReports(home)
    expect(await store.read()).toEqual({ ...defaultWorkspacePreferences(), grouping: 'pool' })
    for (const field of ['language', 'theme', 'density', 'favourites']) {
      expect(reports[0]).toContain(`workspace.${field}`)
    }
    expect(reports[0]).not.toContain('workspace.grouping')
  })

  it('reads a workspace that is no object as the defaults', async () => {
    const { home } = homeWith({ workspace: ['dark'] })
    const { store, reports } = storeWithReports(home)
    expect(await store.read()).toEqual(defaultWorkspacePreferences())
    expect(reports[0]).toContain('not an object (a list)')
  })

  it('drops unknown keys of the file (named in the report) and writes them no more', async () => {
    const { home, path } = homeWith({ workspace: { theem: 'dark', density: 'dense', __proto__x: 1 } })
    const { store, reports } = storeWithReports(home)
    const read = await store.read()
    expect(read).toEqual({ ...defaultWorkspacePreferences(), density: 'dense' })
    expect(reports[0]).toContain('unknown keys "theem", "__proto__x" left out')
    await store.write(read)
    expect(Object.keys(fileOf(path).workspace as object)).not.toContain('theem')
  })

  it('refuses what a compromised renderer sends (unknown keys, huge values), leaving the file as it was', async () => {
    const { home, path } = homeWith({})
    const before = readFileSync(path, 'utf8')
    const store = new WorkspaceStore(home)
    const defaults = defaultWorkspacePreferences()
    const attacks: unknown[] = [
      { ...defaults, admin: true },
      { ...defaults, theme: 'url(javascript:alert(1))' },
      { ...defaults, savedViews: [{ id: 'v', name: 'y'.repeat(1_000_000), query: '', grouping: 'site' }] },
      {
        ...defaults,
        favourites: Array.from({ length: 5_001 }, (_, i) => ({ clusterId: 'c', vmid: 100 + i })),
      },
      { ...defaults, folders: [{ id: '../../etc', name: 'x', guests: [] }] },
    ]
    for (const attack of attacks) {
      await expect(store.write(attack as WorkspacePreferences)).rejects.toMatchObject({
        code: 'invalid_request',
      })
    }
    expect(readFileSync(path, 'utf8')).toBe(before)
  })

  it('loses neither a cluster saved at the same time nor the workspace when a cluster is saved', async () => {
    const { home, path } = homeWith({})
    const catalog = new ClusterCatalog(new SettingsStore(home), new MemoryVault())
    const store = new WorkspaceStore(home)
    const dark = { ...defaultWorkspacePreferences(), theme: 'dark' as const }
    await Promise.all([
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: [...settings.clusters, other] },
        result: undefined,
      })),
      store.write(dark),
    ])
    expect(fileOf(path).clusters.map((c) => c.id)).toEqual(['yakro', 'ace-prod'])
    expect(await store.read()).toEqual(dark)
    await catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: settings.clusters.filter((c) => c.id !== 'ace-prod') },
      result: undefined,
    }))
    expect(await store.read()).toEqual(dark)
  })

  it('keeps a workspace this version cannot read through a cluster save, for the operator to correct', async () => {
    const workspace = { theme: 'neon', folders: 'mine' }
    const { home, path } = homeWith({ workspace })
    const catalog = new ClusterCatalog(new SettingsStore(home), new MemoryVault())
    await catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: [...settings.clusters, other] },
      result: undefined,
    }))
    expect(fileOf(path).workspace).toEqual(workspace)
    // The CLI reads the same file through SettingsStore: the clusters load, the workspace is no concern of it.
    const loaded = await new SettingsStore(home).load()
    expect(loaded.settings.clusters.map((c) => c.id)).toEqual(['yakro', 'ace-prod'])
  })

  it('refuses writes while the file is from a newer PVE Desk (read-only) or unreadable', async () => {
    const newer = homeWith({ schemaVersion: 2, workspace: { theme: 'dark' } })
    const before = readFileSync(newer.path, 'utf8')
    const store = new WorkspaceStore(newer.home)
    expect((await store.read()).theme).toBe('dark')
    await expect(store.write(defaultWorkspacePreferences())).rejects.toMatchObject({
      code: 'conflict',
      detail: { reason: 'settings_read_only' },
    })
    expect(readFileSync(newer.path, 'utf8')).toBe(before)

    const broken = homeWith({})
    writeFileSync(broken.path, '{"schemaVersion": 1, "clusters": [')
    await expect(new WorkspaceStore(broken.home).write(defaultWorkspacePreferences())).rejects.toMatchObject({
      code: 'conflict',
      detail: { reason: 'settings_unreadable' },
    })
    expect(readFileSync(broken.path, 'utf8')).toBe('{"schemaVersion": 1, "clusters": [')
  })
})
