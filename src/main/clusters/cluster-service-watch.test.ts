import { EventEmitter } from 'node:events'
import type * as NodeFs from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { emptySettings } from '../platform/settings-schema'
import { SettingsStore } from '../platform/settings-store'
import { MemoryVault } from '../secrets/vault'
import { ClusterCatalog } from './cluster-catalog'
import { ClusterService } from './cluster-service'

// A watcher's 'error' (the home folder replaced, the system out of inotify watches) is replayed by emitting it on
// the watcher the service made: fs.watch is replaced by one that hands out plain emitters.
class FakeWatcher extends EventEmitter {
  closed = false
  constructor(readonly listener: (event: string, name: string | null) => void) {
    super()
  }
  close(): void {
    this.closed = true
  }
}
const watchers = vi.hoisted(() => [] as FakeWatcher[])
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>()
  return {
    ...fs,
    watch: (_dir: string, _options: unknown, listener: (event: string, name: string | null) => void) => {
      const watcher = new FakeWatcher(listener)
      watchers.push(watcher)
      return watcher
    },
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

const cluster = {
  id: 'ace-prod',
  name: 'ACE prod',
  // Loopback, a port nothing listens on: the connection this makes goes nowhere else.
  endpoints: [{ url: 'https://127.0.0.1:9' }],
  auth: { kind: 'password' as const, username: 'noc@pve' },
  sites: {},
  readOnly: false,
}
const options = { pollIntervalMs: 60_000, timeoutMs: 1_000, backoff: { baseMs: 1_000, maxMs: 1_000 } }
const WAIT = { timeout: 10_000, interval: 20 }

describe('the settings watcher', () => {
  it('says so when it fails, watches again, and picks up what changed while it was not watching', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const home = mkdtempSync(join(tmpdir(), 'pvedesk-watch-'))
    const store = new SettingsStore(home)
    const service = new ClusterService(store, new MemoryVault(), () => options, { settings: emptySettings() })
    try {
      await service.start()
      expect(watchers).toHaveLength(1)
      // The CLI adds a cluster; then the watcher fails before (or instead of) telling the service.
      await new ClusterCatalog(new SettingsStore(home), new MemoryVault()).update(() => ({
        settings: { ...emptySettings(), clusters: [cluster] },
        result: undefined,
      }))
      watchers[0]?.emit('error', new Error('ENOSPC: System limit for number of file watchers reached'))
      expect(watchers[0]?.closed).toBe(true)
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('stopped watching'))

      await vi.waitFor(() => expect(watchers).toHaveLength(2), WAIT)
      await vi.waitFor(() => expect(service.summaries().map((c) => c.id)).toEqual(['ace-prod']), WAIT)

      // And the new watcher is followed as the first was.
      await new ClusterCatalog(new SettingsStore(home), new MemoryVault()).update(() => ({
        settings: emptySettings(),
        result: undefined,
      }))
      watchers[1]?.listener('rename', 'settings.json')
      await vi.waitFor(() => expect(service.summaries()).toEqual([]), WAIT)
    } finally {
      service.dispose()
    }
    expect(watchers[1]?.closed).toBe(true)
  })
})
