import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { beforeEach, describe, expect, it } from 'vitest'

import type { Settings } from './settings-schema'
import { CURRENT_SCHEMA_VERSION, emptySettings, parseSettings } from './settings-schema'
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
    const settings = parseSettings(v0)
    expect(settings.schemaVersion).toBe(1)
    expect(settings.clusters[0]?.auth).toEqual({ kind: 'password', username: 'noc@pve' })
  })

  it.each([
    ['not JSON at all', '{"schemaVersion": 1, "clusters": ['],
    ['a newer version', JSON.stringify({ schemaVersion: 99, clusters: [] })],
    ['a bad cluster id', JSON.stringify({ schemaVersion: 1, clusters: [{ ...cluster, id: 'ACE PROD!' }] })],
    ['a duplicate id', JSON.stringify({ schemaVersion: 1, clusters: [cluster, cluster] })],
    [
      'an http endpoint',
      JSON.stringify({ schemaVersion: 1, clusters: [{ ...cluster, endpoints: [{ url: 'http://x:8006' }] }] }),
    ],
  ])('moves a file with %s aside, reports it, and starts empty', async (_what, content) => {
    writeFileSync(join(home, 'settings.json'), content)
    const store = new SettingsStore(home, () => Date.UTC(2026, 10, 26, 3, 0, 0))
    const loaded = await store.load()
    expect(loaded.settings).toEqual(emptySettings())
    expect(loaded.corrupt?.movedTo).toBe(join(home, 'settings.json.corrupt-2026-11-26T03-00-00-000Z'))
    expect(loaded.corrupt?.reason).not.toBe('')
    expect(readFileSync(loaded.corrupt?.movedTo ?? '', 'utf8')).toBe(content)
    expect(readdirSync(home)).toEqual(['settings.json.corrupt-2026-11-26T03-00-00-000Z'])
  })
})
