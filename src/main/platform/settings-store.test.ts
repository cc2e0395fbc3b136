import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { beforeEach, describe, expect, it } from 'vitest'

import type { Settings } from './settings-schema'
import { CURRENT_SCHEMA_VERSION, emptySettings, parseSettings } from './settings-schema'
import { ClusterCatalog } from '../clusters/cluster-catalog'
import { MemoryVault } from '../secrets/vault'
import { SettingsStore } from './settings-store'

const cluster = {
  id: 'ace-prod',
  name: 'ACE prod',
  endpoints: [
    { url: 'https://km4-pve1.example:8006', fingerprint: Array.from({ length: 32 }, () => 'AB').join(':') },
  ],
  auth: { kind: 'password' as const, username: 'noc@pve' },
  sites: { 'km4-pve1': 'Km4', 'vitib-pve1': 'VITIB' },
  readOnly: false,
}

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pvedesk-settings-'))
})

describe('settings file', () => {
  it('starts empty when there is no file, and round-trips what it saved', async () => {
    const store = new SettingsStore(home)
    expect(await store.load()).toEqual({ settings: emptySettings() })
    const settings: Settings = { ...emptySettings(), clusters: [cluster] }
    await store.save(settings)
    expect((await store.load()).settings).toEqual(settings)
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toMatchObject({
      schemaVersion: CURRENT_SCHEMA_VERSION,
    })
  })

  it('writes atomically: owner-only file, no temporary file left behind', async () => {
    const store = new SettingsStore(home)
    await store.save({ ...emptySettings(), clusters: [cluster] })
    await store.save({ ...emptySettings(), clusters: [] })
    expect(readdirSync(home)).toEqual(['settings.json'])
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })

  it('migrates a version 0 file (no schemaVersion, user name inline) forward', () => {
    const { auth: _auth, ...withoutAuth } = cluster
    const v0 = { clusters: [{ ...withoutAuth, username: 'noc@pve' }] }
    const { settings } = parseSettings(v0)
    expect(settings.schemaVersion).toBe(1)
    expect(settings.clusters[0]?.auth).toEqual({ kind: 'password', username: 'noc@pve' })
  })

  it.each([
    ['not JSON at all', '{"schemaVersion": 1, "clusters": ['],
    ['not an object', '[]'],
    ['a schemaVersion that is no version', JSON.stringify({ schemaVersion: 'two', clusters: [] })],
    ['a bad poll interval', JSON.stringify({ schemaVersion: 1, pollIntervalMs: -1, clusters: [] })],
    ['clusters that are no list', JSON.stringify({ schemaVersion: 1, clusters: { a: cluster } })],
  ])('at the app start, moves a file with %s aside, reports it, and starts empty', async (_what, content) => {
    writeFileSync(join(home, 'settings.json'), content)
    const store = new SettingsStore(home, () => Date.UTC(2026, 10, 26, 3, 0, 0))
    const loaded = await store.load({ moveAside: true })
    expect(loaded.settings).toEqual(emptySettings())
    expect(loaded.corrupt?.movedTo).toBe(join(home, 'settings.json.corrupt-2026-11-26T03-00-00-000Z'))
    expect(loaded.corrupt?.reason).not.toBe('')
    expect(readFileSync(loaded.corrupt?.movedTo ?? '', 'utf8')).toBe(content)
    expect(readdirSync(home)).toEqual(['settings.json.corrupt-2026-11-26T03-00-00-000Z'])
  })

  it('read at any other time, is left where it is, byte for byte, and the read fails with settings_unreadable', async () => {
    const content = '{"schemaVersion": 1, "clusters": ['
    writeFileSync(join(home, 'settings.json'), content)
    await expect(new SettingsStore(home).load()).rejects.toMatchObject({
      code: 'conflict',
      detail: { reason: 'settings_unreadable', file: join(home, 'settings.json') },
    })
    expect(readdirSync(home)).toEqual(['settings.json'])
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).toBe(content)
  })
})

describe('a settings file from a newer PVE Desk', () => {
  const newer = JSON.stringify({
    schemaVersion: 2,
    clusters: [{ ...cluster, futureField: { kept: true } }],
    somethingNew: [1, 2, 3],
  })

  it('is opened read-only: its clusters are shown, the file is never moved nor rewritten', async () => {
    writeFileSync(join(home, 'settings.json'), newer)
    const store = new SettingsStore(home)
    const loaded = await store.load()
    expect(loaded.readOnly).toEqual({ schemaVersion: 2, supported: CURRENT_SCHEMA_VERSION })
    expect(loaded.corrupt).toBeUndefined()
    expect(loaded.settings.clusters.map((c) => c.id)).toEqual(['ace-prod'])
    await expect(store.save({ ...loaded.settings, clusters: [] })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/written by a newer PVE Desk \(schemaVersion 2; .*read-only/) as unknown,
    })
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).toBe(newer)
    expect(readdirSync(home)).toEqual(['settings.json'])
  })

  it('refuses every change made through the catalog, and leaves the keychain as it was', async () => {
    writeFileSync(join(home, 'settings.json'), newer)
    const vault = new MemoryVault()
    const catalog = new ClusterCatalog(new SettingsStore(home), vault)
    await expect(
      catalog.update(({ settings }) => ({
        settings: { ...settings, clusters: [] },
        secrets: [{ kind: 'delete', clusterId: 'ace-prod' }],
        result: undefined,
      })),
    ).rejects.toMatchObject({ code: 'conflict', detail: { reason: 'settings_read_only' } })
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).toBe(newer)
  })
})

describe('a settings file with one bad cluster entry', () => {
  const bad = { ...cluster, id: 'vitib', endpoints: [{ url: 'http://vitib-pve1:8006' }] }
  const other = { ...cluster, id: 'yakro', name: 'Yakro' }
  const content = JSON.stringify({
    schemaVersion: 1,
    clusters: [cluster, bad, other, { ...other, name: 'twin' }],
  })

  it('drops that entry and reports it, keeps the others, and moves nothing aside', async () => {
    writeFileSync(join(home, 'settings.json'), content)
    const loaded = await new SettingsStore(home).load()
    expect(loaded.corrupt).toBeUndefined()
    expect(loaded.settings.clusters.map((c) => c.id)).toEqual(['ace-prod', 'yakro'])
    expect(loaded.settings.clusters[1]?.name).toBe('Yakro')
    expect(loaded.dropped).toEqual([
      { index: 1, id: 'vitib', reason: expect.stringContaining('endpoints') as unknown },
      { index: 3, id: 'yakro', reason: 'cluster id yakro appears twice' },
    ])
    expect(readdirSync(home)).toEqual(['settings.json'])
  })

  it('keeps the dropped entries in the file, unchanged, when the catalog writes', async () => {
    writeFileSync(join(home, 'settings.json'), content)
    const store = new SettingsStore(home)
    const catalog = new ClusterCatalog(store, new MemoryVault())
    await catalog.update(({ settings }) => ({
      settings: { ...settings, clusters: settings.clusters.filter((c) => c.id !== 'ace-prod') },
      result: undefined,
    }))
    const written = JSON.parse(readFileSync(store.path, 'utf8')) as { clusters: unknown[] }
    expect(written.clusters).toEqual([other, bad, { ...other, name: 'twin' }])
    expect((await store.load()).dropped?.map((d) => d.id)).toEqual(['vitib', 'yakro'])
  })
})
