// Puts the fake fleet together: scenario state, per-cluster auth keys, one HTTPS server per node, the
// control API and the live-change timer; and takes it all down again in dispose().

import type { IncomingMessage, ServerResponse } from 'node:http'

import type { NodeContext } from './api'
import { handleApi } from './api'
import type { ClusterAuth } from './auth'
import { createClusterAuth } from './auth'
import { ControlServer } from './control'
import { writeReply } from './http'
import { setGuestStatus as applyGuestStatus, tick as applyTick } from './live'
import type { ClusterState, NodeState } from './model'
import { SimError } from './model'
import { NodeServer } from './node-server'
import type { Prng } from './prng'
import { createPrng } from './prng'
import { buildThreeSites } from './scenario-three-sites'
import type { NodeCertificate } from './tls'
import { createNodeCertificate } from './tls'
import type { GuestPowerState, ReadyLine, SimClusterInfo, SimOptions, SimRequest, Simulator } from './types'

const DEFAULT_TICK_MS = 3000

interface NodeSlot {
  cluster: ClusterState
  node: NodeState
  server: NodeServer
}

class RunningSimulator implements Simulator {
  readonly requests: SimRequest[] = []
  private readonly slots = new Map<string, NodeSlot>()
  private readonly control: ControlServer
  private ticker: NodeJS.Timeout | undefined
  private readyLine: ReadyLine | undefined
  private disposed = false

  constructor(
    private readonly clusters: readonly ClusterState[],
    private readonly prng: Prng,
    private readonly options: Required<Omit<SimOptions, 'scenario' | 'seed'>>,
  ) {
    this.control = new ControlServer({
      setGuestStatus: (clusterId, vmid, status) => {
        this.setGuestStatus(clusterId, vmid, status)
      },
      stopNode: (node) => this.stopNode(node),
      startNode: (node) => this.startNode(node),
      tick: () => {
        this.tick()
      },
      health: () => ({ ok: true, nodes: this.nodeStates() }),
    })
  }

  get info(): ReadyLine {
    if (this.readyLine === undefined) throw new Error('pve-sim: not started')
    return this.readyLine
  }

  async start(
    auths: ReadonlyMap<string, ClusterAuth>,
    certs: ReadonlyMap<string, NodeCertificate>,
  ): Promise<void> {
    for (const cluster of this.clusters) {
      const auth = auths.get(cluster.id)
      if (auth === undefined) throw new Error(`pve-sim: no auth key for ${cluster.id}`)
      const fingerprints = new Map(cluster.nodes.map((n) => [n.name, certs.get(n.name)?.fingerprint ?? '']))
      for (const node of cluster.nodes) {
        const cert = certs.get(node.name)
        if (cert === undefined) throw new Error(`pve-sim: no certificate for ${node.name}`)
        const ctx: NodeContext = { cluster, node: node.name, auth, fingerprints, now: () => Date.now() }
        const server: NodeServer = new NodeServer(node.name, this.options.host, cert, (req, res) =>
          this.serve(ctx, server, req, res),
        )
        this.slots.set(node.name, { cluster, node, server })
      }
    }
    await Promise.all([...this.slots.values()].map((slot) => slot.server.start()))
    await this.control.start(this.options.host, this.options.controlPort)
    if (this.options.tickMs !== null) {
      this.ticker = setInterval(() => {
        this.tick()
      }, this.options.tickMs)
    }
    this.readyLine = {
      ready: true,
      control: this.control.url,
      clusters: this.clusters.map((c) => this.describe(c)),
    }
  }

  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void {
    const cluster = this.clusters.find((c) => c.id === clusterId)
    if (cluster === undefined) throw new SimError('not_found', `no cluster ${clusterId}`)
    applyGuestStatus(cluster, vmid, status, this.prng, Date.now())
  }

  tick(): void {
    applyTick(this.clusters, this.prng, Date.now())
  }

  async stopNode(node: string): Promise<void> {
    const slot = this.slot(node)
    slot.node.online = false
    await slot.server.stop()
  }

  async startNode(node: string): Promise<void> {
    const slot = this.slot(node)
    await slot.server.start()
    slot.node.online = true
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    if (this.ticker !== undefined) clearInterval(this.ticker)
    this.ticker = undefined
    await Promise.all([this.control.stop(), ...[...this.slots.values()].map((slot) => slot.server.stop())])
  }

  private slot(node: string): NodeSlot {
    const slot = this.slots.get(node)
    if (slot === undefined) throw new SimError('not_found', `no node ${node}`)
    return slot
  }

  private nodeStates(): Record<string, 'online' | 'stopped'> {
    return Object.fromEntries(
      [...this.slots].map(([name, slot]) => [name, slot.server.listening ? 'online' : 'stopped']),
    )
  }

  private describe(cluster: ClusterState): SimClusterInfo {
    const endpoints = cluster.nodes.map((node) => {
      const server = this.slot(node.name).server
      return { node: node.name, site: node.site, url: server.url, fingerprint: server.fingerprint }
    })
    return {
      id: cluster.id,
      name: cluster.name,
      version: cluster.version,
      endpoints,
      login: { ...cluster.login },
    }
  }

  private async serve(
    ctx: NodeContext,
    server: NodeServer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const outcome = await handleApi(ctx, req)
    this.requests.push({
      node: ctx.node,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authenticated: outcome.authenticated,
    })
    const delay = this.options.authFailureDelayMs
    if (outcome.reply.status === 401 && delay > 0) {
      server.later(delay, () => {
        writeReply(req, res, outcome.reply)
      })
    } else {
      writeReply(req, res, outcome.reply)
    }
  }
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  // The CLI passes whatever the user typed, so check at run time too.
  const scenario: string = opts.scenario ?? 'three-sites'
  if (scenario !== 'three-sites') throw new Error(`pve-sim: unknown scenario ${scenario}`)
  const tickMs = opts.tickMs === undefined ? DEFAULT_TICK_MS : opts.tickMs
  if (tickMs !== null && !(tickMs > 0))
    throw new Error('pve-sim: tickMs must be positive, or null for no ticks')
  const prng = createPrng(opts.seed ?? 1)
  const clusters = buildThreeSites(prng, Date.now())
  const sim = new RunningSimulator(clusters, prng, {
    tickMs,
    host: opts.host ?? '127.0.0.1',
    controlPort: opts.controlPort ?? 0,
    authFailureDelayMs: opts.authFailureDelayMs ?? 0,
  })
  try {
    // RSA key generation dominates start-up: run it all at once on the thread pool.
    const now = Date.now()
    const [keys, certs] = await Promise.all([
      Promise.all(clusters.map(async (c) => [c.id, await createClusterAuth()] as const)),
      Promise.all(
        clusters
          .flatMap((c) => c.nodes)
          .map(async (n) => [n.name, await createNodeCertificate(n.name, now)] as const),
      ),
    ])
    await sim.start(new Map(keys), new Map(certs))
  } catch (err) {
    await sim.dispose()
    throw err
  }
  return sim
}
