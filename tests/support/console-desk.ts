import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { expect, vi } from 'vitest'

import type { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { SettingsStore } from '../../src/main/platform/settings-store'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainOptions, MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { PveDeskStream } from '../../src/shared/ipc/api'
import type { AppContract } from '../../src/shared/ipc/contract'
import { contract } from '../../src/shared/ipc/contract'
import type { AppErrorShape } from '../../src/shared/ipc/errors'
import type { ConsoleControl, ConsoleInfo } from '../../src/shared/model/console'
import type { FleetGuest } from '../../src/shared/model/fleet'
import type { InMemoryRenderer } from './ipc-pair'
import { inMemoryRenderer } from './ipc-pair'
import type { SimulatorFleet } from './simulator-fleet'

/** The real main services (settings, vault, clusters, consoles, router) on a throw-away home, for a console test. */
export interface ConsoleDesk {
  readonly services: MainServices
  readonly home: string
  /** A renderer (a window) attached to the router in memory; `goAway()` is its window closing or reloading. */
  renderer(senderId: string): InMemoryRenderer<AppContract>
  connection(clusterId: string): ClusterConnection
  /** A guest of the last inventory matching `test`. */
  guest(clusterId: string, test: (guest: FleetGuest) => boolean): FleetGuest
  info(consoleId: string): ConsoleInfo | undefined
  /** Waits for the console to reach `state` (and returns it). */
  reaches(consoleId: string, state: ConsoleInfo['state']): Promise<ConsoleInfo>
}

export interface DeskCluster {
  id: string
  /** Another user of the simulator than the fleet's root@pam. */
  username?: string
}

/** Starts the desk with `clusters` saved as the user saves them, connected, their privileges read. */
export async function startConsoleDesk(
  fleet: SimulatorFleet,
  clusters: DeskCluster[],
  consoles?: MainOptions['consoles'],
): Promise<ConsoleDesk> {
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-consoles-'))
  await new SettingsStore(home).save({ ...emptySettings(), pollIntervalMs: 1_000, timeoutMs: 5_000 })
  const services = fleet.disposables.add(
    await createMainServices({
      home,
      vault: new MemoryVault(),
      info: { version: '0', locale: 'en', host: 'browser' },
      ...(consoles === undefined ? {} : { consoles }),
    }),
  )
  for (const { id, username } of clusters) {
    const sim = fleet.sim.info.clusters.find((c) => c.id === id)
    if (sim === undefined) throw new Error(`no cluster ${id} in the simulator`)
    const user = username === undefined ? undefined : sim.users.find((u) => u.username === username)
    if (username !== undefined && user === undefined) throw new Error(`no user ${username} on ${id}`)
    const config = fleet.config(id)
    await services.clusters.save(
      user === undefined ? config : { ...config, auth: { kind: 'password', username: user.username } },
      user?.password ?? sim.login.password,
    )
  }
  // The settings file as written reads back as the running configuration: the watcher's reload changes nothing.
  await services.clusters.reload()
  const connection = (clusterId: string): ClusterConnection => services.clusters.registry.get(clusterId)
  for (const { id } of clusters) {
    await vi.waitFor(
      () => {
        expect(connection(id).permissions).toBeDefined()
        expect(connection(id).items.length).toBeGreaterThan(0)
      },
      { timeout: 10_000 },
    )
  }
  // The DR view's first read (due at start) ends now, so its next is a minute away: a test that tracks the handles
  // created after this point sees the consoles' own, not the DR schedule's timer re-armed mid-test.
  await services.dr.refresh()
  const info = (consoleId: string): ConsoleInfo | undefined =>
    services.consoles.list().find((c) => c.consoleId === consoleId)
  return {
    services,
    home,
    renderer: (senderId) => inMemoryRenderer(services.router, contract, senderId),
    connection,
    guest: (clusterId, test) => {
      const found = connection(clusterId).items.find(
        (i): i is FleetGuest => i.kind === 'guest' && !i.template && test(i),
      )
      if (found === undefined) throw new Error(`no such guest on ${clusterId}`)
      return found
    },
    info,
    reaches: async (consoleId, state) => {
      await vi.waitFor(() => expect(info(consoleId)?.state).toBe(state), { timeout: 10_000 })
      return info(consoleId) as ConsoleInfo
    },
  }
}

/** A window's view of a console's stream: what it received, decoded, and how it ended. */
export interface Screen {
  readonly stream: PveDeskStream<Uint8Array | ConsoleControl, Uint8Array>
  /** Everything received, decoded as UTF-8. */
  text(): string
  bytes(): Uint8Array
  /** Undefined while open; `{ error }` once ended. */
  ended(): { error: AppErrorShape | undefined } | undefined
  type(text: string): void
  /** Waits until the output contains `needle`. */
  until(needle: string): Promise<void>
  waitEnded(): Promise<{ error: AppErrorShape | undefined }>
}

export async function attachScreen(
  renderer: InMemoryRenderer<AppContract>,
  consoleId: string,
): Promise<Screen> {
  const opened = await renderer.api.openConsoleAttach({ consoleId })
  if (!opened.ok) throw new Error(`attach refused: ${JSON.stringify(opened.error)}`)
  const stream = opened.value
  const decoder = new TextDecoder()
  let text = ''
  const chunks: Uint8Array[] = []
  let ended: { error: AppErrorShape | undefined } | undefined
  stream.onMessage((message) => {
    chunks.push(message)
    text += decoder.decode(message, { stream: true })
  })
  stream.onClose((error) => (ended = { error }))
  return {
    stream,
    text: () => text,
    bytes: () => Buffer.concat(chunks),
    ended: () => ended,
    type: (typed) => {
      stream.send(new TextEncoder().encode(typed))
    },
    until: async (needle) => {
      await vi.waitFor(() => expect(text).toContain(needle), { timeout: 10_000 })
    },
    waitEnded: async () => {
      await vi.waitFor(() => expect(ended).toBeDefined(), { timeout: 10_000 })
      return ended as { error: AppErrorShape | undefined }
    },
  }
}
