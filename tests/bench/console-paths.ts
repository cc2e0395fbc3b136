// The ways the console bench reaches one simulator termproxy: a direct `ws` client (the baseline), main's
// transport alone (openTerminalUpstream), and the whole of main (ConsoleService, the IPC router and the
// console:attach stream) to a renderer-side consumer, over the in-memory pair (the real window.pveDesk builder
// and flow control, as over Electron's MessagePort) or over the browser host's WebSocket.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { WebSocket } from 'ws'

import { startBrowserHost } from '../../src/main/host/browser-host'
import { openTerminalUpstream } from '../../src/main/consoles/terminal-upstream'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { SettingsStore } from '../../src/main/platform/settings-store'
import { PveClient } from '../../src/main/pve/pve-client'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import { webSocketBridge } from '../../src/preload/ws-bridge'
import type { PveDeskApiOf } from '../../src/shared/ipc/api'
import { buildPveDeskApi } from '../../src/shared/ipc/api'
import type { AppContract } from '../../src/shared/ipc/contract'
import { contract, manifestOf } from '../../src/shared/ipc/contract'
import type { ConsoleTarget } from '../../src/shared/model/console'
import type { ReadyLine } from '../pve-sim'
import { login, pveRequest } from '../pve-sim/test-support'
import type { InMemoryRenderer } from '../support/ipc-pair'
import { inMemoryRenderer } from '../support/ipc-pair'
import { simFleet } from '../support/sim-fleet'

/** One open terminal as its consumer sees it: typed bytes go in, output comes to `listener`. */
export interface BenchTerminal {
  readonly name: string
  /** Receives every output chunk, replaced by each measurement. */
  listener: (chunk: Uint8Array) => void
  send: (data: Uint8Array<ArrayBuffer>) => void
  close: () => Promise<void>
}

const TIMEOUT_MS = 10_000

function deadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS)
    }),
  ]).finally(() => clearTimeout(timer))
}

const until = async (test: () => boolean, what: string): Promise<void> => {
  const started = Date.now()
  while (!test()) {
    if (Date.now() - started > TIMEOUT_MS) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The cluster's first node as root@pam (a node shell starts at the prompt), its endpoint and password. */
export function benchCluster(sim: ReadyLine): {
  clusterId: string
  node: string
  target: ConsoleTarget
} {
  const cluster = sim.clusters[0]
  const endpoint = cluster?.endpoints[0]
  if (cluster === undefined || endpoint === undefined) throw new Error('the simulator has no cluster')
  return { clusterId: cluster.id, node: endpoint.node, target: { type: 'node', node: endpoint.node } }
}

/**
 * A client of PVE as the GUI's xterm.js page is one: POST termproxy, open vncwebsocket on the same node with the
 * session cookie and the `binary` subprotocol, send `user:ticket\n`, read `OK`; input framed `0:LEN:DATA`.
 */
export async function openDirect(sim: ReadyLine): Promise<BenchTerminal> {
  const cluster = sim.clusters[0]
  const endpoint = cluster?.endpoints[0]
  if (cluster === undefined || endpoint === undefined) throw new Error('the simulator has no cluster')
  const session = await login(endpoint, cluster.login.username, cluster.login.password)
  const base = `/nodes/${endpoint.node}`
  const post = await pveRequest(endpoint, {
    method: 'POST',
    path: `${base}/termproxy`,
    ticket: session.ticket,
    csrf: session.csrf,
  })
  if (post.status !== 200) throw new Error(`termproxy: ${post.status} ${post.reason}`)
  const answer = (JSON.parse(post.text) as { data: { user: string; ticket: string; port: string } }).data
  const url = `${endpoint.url.replace(/^https/, 'wss')}/api2/json${base}/vncwebsocket?port=${answer.port}&vncticket=${encodeURIComponent(answer.ticket)}`
  const ws = new WebSocket(url, 'binary', {
    headers: { Cookie: `PVEAuthCookie=${encodeURIComponent(session.ticket)}` },
    // The benchmark's own client, on loopback: the certificate is the simulator's self-signed one.
    rejectUnauthorized: false,
    perMessageDeflate: false,
  })
  await deadline(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    }),
    'the direct websocket',
  )
  const terminal: BenchTerminal = {
    name: 'direct ws client',
    listener: () => undefined,
    send: (data) => {
      ws.send(Buffer.concat([Buffer.from(`0:${data.length}:`, 'latin1'), data]))
    },
    close: async () => {
      const closed = new Promise((resolve) => ws.once('close', resolve))
      ws.close()
      await closed
    },
  }
  let authenticated = false
  await deadline(
    new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        if (authenticated) {
          terminal.listener(data)
          return
        }
        // `OK` comes first, output may follow in the same frame.
        authenticated = true
        resolve()
        if (data.length > 2) terminal.listener(data.subarray(2))
      })
      ws.send(`${answer.user}:${answer.ticket}\n`)
    }),
    'OK from termproxy',
  )
  return terminal
}

/** Main's transport alone: PveClient.consoleEndpoint and openTerminalUpstream, its batched onData. */
export async function openUpstream(sim: ReadyLine): Promise<BenchTerminal> {
  const fleet = simFleet(sim)
  const config = fleet.configs[0]
  if (config === undefined) throw new Error('the simulator has no cluster')
  const { node, target } = benchCluster(sim)
  const client = new PveClient(config.id, config.endpoints, fleet.credentials, { timeoutMs: TIMEOUT_MS })
  const upstream = await openTerminalUpstream(await client.consoleEndpoint(node), target, {
    timeoutMs: TIMEOUT_MS,
  })
  const terminal: BenchTerminal = {
    name: 'openTerminalUpstream',
    listener: () => undefined,
    send: (data) => {
      upstream.write(data)
    },
    close: () => {
      upstream.dispose()
      client.dispose()
      return Promise.resolve()
    },
  }
  upstream.onData((chunk) => terminal.listener(chunk))
  return terminal
}

/** The real main services on a throw-away home with the simulator's first cluster saved and connected. */
export async function startDesk(sim: ReadyLine): Promise<{ services: MainServices; dispose(): void }> {
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-bench-'))
  // A slow poll: the inventory is not what is measured.
  await new SettingsStore(home).save({ ...emptySettings(), pollIntervalMs: 600_000, timeoutMs: TIMEOUT_MS })
  const services = await createMainServices({
    home,
    vault: new MemoryVault(),
    info: { version: '0', locale: 'en', host: 'browser' },
  })
  const fleet = simFleet(sim)
  const config = fleet.configs[0]
  const password = sim.clusters[0]?.login.password
  if (config === undefined || password === undefined) throw new Error('the simulator has no cluster')
  await services.clusters.save(config, password)
  await services.clusters.reload()
  await until(
    () => services.clusters.registry.get(config.id).permissions !== undefined,
    'the cluster connection',
  )
  return {
    services,
    dispose: () => {
      services.dispose()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** Opens a node shell through `api` as the renderer does, and attaches to it. */
async function openThroughApi(
  name: string,
  api: PveDeskApiOf<AppContract>,
  services: MainServices,
  sim: ReadyLine,
  forget: () => void = () => undefined,
): Promise<BenchTerminal> {
  const { clusterId, target } = benchCluster(sim)
  const opened = await api.consoleOpen({ clusterId, target, kind: 'terminal' })
  if (!opened.ok) throw new Error(`console:open: ${opened.error.message}`)
  const { consoleId } = opened.value
  await until(
    () => services.consoles.list().find((c) => c.consoleId === consoleId)?.state === 'connected',
    'the console connected',
  )
  const attached = await api.openConsoleAttach({ consoleId })
  if (!attached.ok) throw new Error(`console:attach: ${attached.error.message}`)
  const stream = attached.value
  const terminal: BenchTerminal = {
    name,
    listener: () => undefined,
    send: (data) => {
      stream.send(data)
    },
    close: async () => {
      stream.close()
      await api.consoleClose({ consoleId })
    },
  }
  stream.onMessage((message) => {
    // Control messages (JSON) are not output.
    if (message instanceof Uint8Array) {
      forget()
      terminal.listener(message)
    }
  })
  return terminal
}

/** The whole of main to a renderer over the in-memory pair (the real bridge and flow control). */
export async function openThroughIpc(sim: ReadyLine, services: MainServices): Promise<BenchTerminal> {
  const renderer: InMemoryRenderer<AppContract> = inMemoryRenderer(services.router, contract, 'bench-ipc')
  // The pair logs every frame for tests to inspect: a benchmark moving gigabytes must not keep them.
  const forget = (): void => {
    for (const log of renderer.frames.values()) log.length = 0
  }
  const terminal = await openThroughApi('main → IPC (MessagePort-like)', renderer.api, services, sim, forget)
  const close = terminal.close
  terminal.close = async () => {
    await close()
    renderer.goAway()
  }
  return terminal
}

/** The whole of main to a renderer over the browser host's loopback WebSocket (`ws` as the page's socket). */
export async function openThroughHost(sim: ReadyLine, services: MainServices): Promise<BenchTerminal> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'pvedesk-bench-renderer-'))
  const host = await startBrowserHost({ router: services.router, rendererDir, bridgeScript: '' })
  const token = new URL(host.url).searchParams.get('token') ?? ''
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/__pvedesk/ipc`, {
    headers: { Origin: host.origin, Cookie: `pvedesk_host=${token}` },
    perMessageDeflate: false,
  })
  const api = buildPveDeskApi(webSocketBridge(socket), manifestOf(contract))
  const terminal = await openThroughApi('main → browser host WebSocket', api, services, sim)
  const close = terminal.close
  terminal.close = async () => {
    await close()
    socket.close()
    host.dispose()
    rmSync(rendererDir, { recursive: true, force: true })
  }
  return terminal
}
