// Puts the fake fleet together: scenario state, per-cluster auth keys, one HTTPS server per node, the
// simulated clock, faults, the control API and the live-change timer; and takes it all down in dispose().

import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'

import { handleApi } from './api'
import type { ClusterAuth } from './auth'
import { createClusterAuth } from './auth'
import { SimClock } from './clock'
import { ConsoleGateway } from './consoles/gateway'
import { ConsoleRegistry } from './consoles/sessions'
import { ControlServer } from './control'
import * as dr from './dr-steering'
import { sendDripped, sendOversize } from './fault-answers'
import type { StreamProgress } from './fault-answers'
import { Faults } from './faults'
import { apiError, readBody, writeReply } from './http'
import { moveGuest as applyMove, setGuestStatus as applyGuestStatus, tick as applyTick } from './live'
import type { ClusterState, NodeState } from './model'
import { SimError } from './model'
import type { ForeignTask, GuestLock } from './steering'
import { failNextMigration, lockGuest, startForeignTask } from './steering'
import { settleTasks } from './tasks/engine'
import { scheduleHaRecovery } from './tasks/ha-recovery'
import { NodeServer } from './node-server'
import type { Prng } from './prng'
import { createPrng } from './prng'
import { describeCluster } from './ready-line'
import { heldSecrets, recordingAuth } from './secrets'
import type { NodeContext } from './router'
import { buildLarge, DEFAULT_LARGE_GUESTS } from './scenario-large'
import { buildThreeSites } from './scenario-three-sites'
import type { SimServices } from './services'
import type { NodeCertificate } from './tls'
import { createClusterCertificates, createNodeCertificate } from './tls'
import type {
  GuestPowerState,
  ReadyLine,
  SimConsole,
  SimFaults,
  SimOptions,
  SimRequest,
  Simulator,
} from './types'

const DEFAULT_TICK_MS = 3000

interface NodeSlot {
  cluster: ClusterState
  node: NodeState
  server: NodeServer
  /** The certificate the node started with, which reset() puts back. */
  initial: NodeCertificate
}

type Settings = Required<SimOptions>

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000
const elapsed = (since: number): number => round3(performance.now() - since)

/** Fresh scenario state for a seed; the PRNG goes on to drive the live changes. */
function buildFleet(settings: Settings, now: number): { clusters: ClusterState[]; prng: Prng } {
  const prng = createPrng(settings.seed)
  const clusters =
    settings.scenario === 'large' ? buildLarge(prng, now, settings.guests) : buildThreeSites(prng, now)
  return { clusters, prng }
}

class RunningSimulator implements Simulator {
  readonly requests: SimRequest[] = []
  private readonly slots = new Map<string, NodeSlot>()
  private readonly control: ControlServer
  private readonly clock = new SimClock()
  private readonly faults: Faults
  private readonly fingerprints = new Map<string, string>()
  private readonly services: SimServices
  private readonly registry = new ConsoleRegistry()
  private readonly issued = new Set<string>()
  private readonly gateway: ConsoleGateway
  private ticker: NodeJS.Timeout | undefined
  private readyLine: ReadyLine | undefined
  private disposed = false

  constructor(
    private readonly clusters: readonly ClusterState[],
    private prng: Prng,
    private readonly settings: Settings,
  ) {
    this.faults = new Faults(createPrng(settings.seed ^ 0x5a5a5a5a))
    this.gateway = new ConsoleGateway({ authFailureDelayMs: settings.authFailureDelayMs })
    this.services = {
      clock: this.clock,
      prng: () => this.prng,
      certificateOf: (node) => this.slots.get(node)?.server.currentCertificate,
      consoles: this.registry,
      issued: this.issued,
    }
    this.control = new ControlServer({
      setGuestStatus: (clusterId, vmid, status) => {
        this.setGuestStatus(clusterId, vmid, status)
      },
      moveGuest: (clusterId, vmid, node) => {
        this.moveGuest(clusterId, vmid, node)
      },
      lockGuest: (clusterId, vmid, lock) => {
        this.lockGuest(clusterId, vmid, lock)
      },
      failNextMigration: (clusterId, vmid, error) => {
        this.failNextMigration(clusterId, vmid, error)
      },
      startTask: (clusterId, spec) => this.startTask(clusterId, spec),
      breakReplication: (clusterId, id, error) => {
        this.breakReplication(clusterId, id, error)
      },
      healReplication: (clusterId, id) => {
        this.healReplication(clusterId, id)
      },
      staleBackups: (clusterId, vmid, hours) => this.staleBackups(clusterId, vmid, hours),
      failBackup: (clusterId, vmid, error) => this.failBackup(clusterId, vmid, error),
      healBackups: (clusterId, vmid) => this.healBackups(clusterId, vmid),
      setQuorum: (clusterId, quorate) => {
        this.setQuorum(clusterId, quorate)
      },
      stopNode: (node) => this.stopNode(node),
      startNode: (node) => this.startNode(node),
      rotateCertificate: (node) => this.rotateCertificate(node),
      tick: () => {
        this.tick()
      },
      advanceClock: (seconds) => {
        this.advanceClock(seconds)
      },
      clock: () => ({ now: this.clock.now(), offsetSeconds: this.clock.offsetSeconds }),
      setFaults: (spec, node) => {
        this.setFaults(spec, node)
      },
      faults: () => this.faults.describe(),
      reset: () => this.reset(),
      consoles: () => this.registry.describe(),
      health: () => ({
        ok: true,
        nodes: this.nodeStates(),
        fingerprints: Object.fromEntries(this.fingerprints),
      }),
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
      const keys = auths.get(cluster.id)
      if (keys === undefined) throw new Error(`pve-sim: no auth key for ${cluster.id}`)
      const auth = recordingAuth(keys, this.issued)
      for (const node of cluster.nodes) {
        const cert = certs.get(node.name)
        if (cert === undefined) throw new Error(`pve-sim: no certificate for ${node.name}`)
        this.fingerprints.set(node.name, cert.fingerprint)
        const ctx: NodeContext = {
          cluster,
          node: node.name,
          auth,
          fingerprints: this.fingerprints,
          services: this.services,
        }
        const server: NodeServer = new NodeServer(
          node.name,
          this.settings.host,
          cert,
          (req, res) => this.serve(ctx, server, req, res),
          (req, socket, head) => {
            this.gateway.upgrade(ctx, server, req, socket, head)
          },
        )
        this.slots.set(node.name, { cluster, node, server, initial: cert })
      }
    }
    await Promise.all([...this.slots.values()].map((slot) => slot.server.start()))
    await this.control.start(this.settings.host, this.settings.controlPort)
    if (this.settings.tickMs !== null) {
      this.ticker = setInterval(() => {
        this.tick()
      }, this.settings.tickMs)
    }
    this.readyLine = {
      ready: true,
      control: this.control.url,
      clusters: this.clusters.map((c) => describeCluster(c, (name) => this.slot(name).server)),
    }
  }

  /** Tasks due by now take effect before anything else looks at or changes the state. */
  private settle(): void {
    const now = this.clock.now()
    for (const cluster of this.clusters) settleTasks(cluster, now)
  }

  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void {
    this.settle()
    const cluster = this.clusters.find((c) => c.id === clusterId)
    if (cluster === undefined) throw new SimError('not_found', `no cluster ${clusterId}`)
    applyGuestStatus(cluster, vmid, status, this.prng, this.clock.now())
  }

  moveGuest(clusterId: string, vmid: number, node: string): void {
    this.settle()
    const cluster = this.clusters.find((c) => c.id === clusterId)
    if (cluster === undefined) throw new SimError('not_found', `no cluster ${clusterId}`)
    applyMove(cluster, vmid, node, this.prng, this.clock.now())
  }

  private clusterOf(clusterId: string): ClusterState {
    this.settle()
    const cluster = this.clusters.find((c) => c.id === clusterId)
    if (cluster === undefined) throw new SimError('not_found', `no cluster ${clusterId}`)
    return cluster
  }

  lockGuest(clusterId: string, vmid: number, lock: GuestLock | null): void {
    lockGuest(this.clusterOf(clusterId), vmid, lock)
  }

  failNextMigration(clusterId: string, vmid: number, error: string): void {
    failNextMigration(this.clusterOf(clusterId), vmid, error)
  }

  startTask(clusterId: string, spec: ForeignTask): string {
    return startForeignTask(this.clusterOf(clusterId), spec, () => this.prng, this.clock.now())
  }

  breakReplication(clusterId: string, id: string, error?: string): void {
    dr.breakReplication(this.clusterOf(clusterId), id, error, this.clock.now())
  }

  healReplication(clusterId: string, id: string): void {
    dr.healReplication(this.clusterOf(clusterId), id, this.clock.now())
  }

  staleBackups(clusterId: string, vmid: number, hours: number): number {
    return dr.staleBackups(this.clusterOf(clusterId), vmid, hours)
  }

  failBackup(clusterId: string, vmid: number, error?: string): string {
    return dr.failBackup(this.clusterOf(clusterId), vmid, error, this.clock.now())
  }

  healBackups(clusterId: string, vmid: number): string {
    return dr.healBackups(this.clusterOf(clusterId), vmid, this.clock.now())
  }

  setQuorum(clusterId: string, quorate: boolean): void {
    dr.setQuorum(this.clusterOf(clusterId), quorate)
  }

  tick(): void {
    this.settle()
    applyTick(this.clusters, this.prng, this.clock.now())
  }

  now(): number {
    return this.clock.now()
  }

  advanceClock(seconds: number): void {
    this.clock.advance(seconds)
    this.settle()
  }

  fingerprintOf(node: string): string {
    return this.slot(node).server.fingerprint
  }

  async rotateCertificate(node: string): Promise<string> {
    const slot = this.slot(node)
    // A new pve-ssl.pem from the cluster CA (as `pvecm updatecerts --force`), served from then on.
    const previous = slot.server.currentCertificate
    const cert = await createNodeCertificate(node, this.clock.now(), undefined, undefined, previous.ca)
    slot.server.setCertificate(cert)
    this.fingerprints.set(node, cert.fingerprint)
    return cert.fingerprint
  }

  setFaults(faults: SimFaults, node?: string): void {
    if (node !== undefined) this.slot(node)
    this.faults.set(faults, node)
  }

  consoles(): SimConsole[] {
    return this.registry.describe()
  }

  secretValues(): string[] {
    return [...new Set([...this.clusters.flatMap(heldSecrets), ...this.issued])]
  }

  async reset(): Promise<void> {
    this.registry.clear()
    this.clock.reset()
    this.faults.reset()
    const fresh = buildFleet(this.settings, this.clock.now())
    this.prng = fresh.prng
    this.clusters.forEach((cluster, i) => {
      const rebuilt = fresh.clusters[i]
      if (rebuilt !== undefined) Object.assign(cluster, rebuilt)
    })
    for (const [name, slot] of this.slots) {
      // Node objects were replaced: re-point the slot, and put back the first certificate.
      const node = slot.cluster.nodes.find((n) => n.name === name)
      if (node !== undefined) slot.node = node
      slot.server.setCertificate(slot.initial)
      this.fingerprints.set(name, slot.initial.fingerprint)
    }
    await Promise.all([...this.slots.keys()].map((name) => this.startNode(name)))
  }

  async stopNode(node: string): Promise<void> {
    this.settle()
    const slot = this.slot(node)
    const wasOnline = slot.node.online
    if (wasOnline) slot.node.outages = [...(slot.node.outages ?? []), { from: this.clock.now() }]
    slot.node.online = false
    if (wasOnline) {
      // Its HA guests are fenced, then recovered on another node (tasks/ha-recovery.ts).
      scheduleHaRecovery(slot.cluster, node, this.clock.now(), (guest, target, atMs) => {
        applyMove(slot.cluster, guest.vmid, target, this.prng, atMs)
      })
    }
    this.registry.dropNode(node)
    await slot.server.stop()
  }

  async startNode(node: string): Promise<void> {
    const slot = this.slot(node)
    await slot.server.start()
    const open = slot.node.outages?.at(-1)
    if (open !== undefined && open.to === undefined) open.to = this.clock.now()
    slot.node.online = true
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    if (this.ticker !== undefined) clearInterval(this.ticker)
    this.ticker = undefined
    this.registry.clear()
    this.gateway.close()
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

  private record(
    ctx: NodeContext,
    req: IncomingMessage,
    authenticated: boolean,
    serviceMs?: number,
  ): SimRequest {
    const entry: SimRequest = {
      node: ctx.node,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authenticated,
    }
    if (serviceMs !== undefined) entry.serviceMs = serviceMs
    this.requests.push(entry)
    return entry
  }

  /** A record whose `streamed` progress the fault answer updates as it goes. */
  private recordStream(
    ctx: NodeContext,
    req: IncomingMessage,
    authenticated: boolean,
    serviceMs?: number,
  ): StreamProgress {
    const progress: StreamProgress = { bytes: 0, cut: false }
    this.record(ctx, req, authenticated, serviceMs).streamed = progress
    return progress
  }

  /** Applies the node's faults, then answers (or not). */
  private serve(
    ctx: NodeContext,
    server: NodeServer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const action = this.faults.decide(ctx.node)
    if (action.kind === 'hang') {
      // Accepted and never answered: the socket stays open until the client gives up or the node stops.
      this.record(ctx, req, false)
      return Promise.resolve()
    }
    const respond = (): void => {
      const answer =
        action.kind === 'fail'
          ? this.fail(ctx, req, res)
          : action.kind === 'oversize'
            ? this.oversize(ctx, req, res, action.bytes, action.chunked)
            : action.kind === 'drip'
              ? this.drip(ctx, server, req, res, action.bytesPerSecond)
              : this.respond(ctx, server, req, res)
      answer.catch((err: unknown) => {
        process.stderr.write(`pve-sim ${ctx.node}: ${String(err)}\n`)
        res.destroy()
      })
    }
    if (action.delayMs > 0) server.later(action.delayMs, respond)
    else respond()
    return Promise.resolve()
  }

  /** An injected failure: the request is read and dropped, as when pvedaemon times out on a cluster lock. */
  private async fail(ctx: NodeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    await readBody(req).catch(() => '')
    const entry = this.record(ctx, req, false)
    writeReply(req, res, apiError(500, 'got timeout\n'), this.clock.now())
    entry.serviceMs = elapsed(started)
  }

  /** An answer far larger than PVE's, to whatever was asked: the request is read, never handled. */
  private async oversize(
    ctx: NodeContext,
    req: IncomingMessage,
    res: ServerResponse,
    bytes: number,
    chunked: boolean,
  ): Promise<void> {
    await readBody(req).catch(() => '')
    sendOversize(res, bytes, chunked, this.recordStream(ctx, req, false))
  }

  /** The real answer, dripped: headers at once, then the body a few bytes a second. */
  private async drip(
    ctx: NodeContext,
    server: NodeServer,
    req: IncomingMessage,
    res: ServerResponse,
    bytesPerSecond: number,
  ): Promise<void> {
    const started = performance.now()
    const outcome = await handleApi(ctx, req)
    const progress = this.recordStream(ctx, req, outcome.authenticated, elapsed(started))
    sendDripped(server, res, outcome.reply, bytesPerSecond, progress)
  }

  private async respond(
    ctx: NodeContext,
    server: NodeServer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const started = performance.now()
    const outcome = await handleApi(ctx, req)
    const handled = elapsed(started)
    const entry = this.record(ctx, req, outcome.authenticated, handled)
    // The deliberate 401 delay is no work: only the handling and the write are counted.
    const write = (): void => {
      const writing = performance.now()
      writeReply(req, res, outcome.reply, this.clock.now())
      entry.serviceMs = round3(handled + performance.now() - writing)
    }
    const delay = this.settings.authFailureDelayMs
    if (outcome.reply.status === 401 && delay > 0) server.later(delay, write)
    else write()
  }
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  // The CLI passes whatever the user typed, so check at run time too.
  const scenario: string = opts.scenario ?? 'three-sites'
  if (scenario !== 'three-sites' && scenario !== 'large')
    throw new Error(`pve-sim: unknown scenario ${scenario}`)
  const guests = opts.guests ?? DEFAULT_LARGE_GUESTS
  if (!Number.isInteger(guests) || guests < 10)
    throw new Error('pve-sim: guests must be an integer of at least 10')
  const tickMs = opts.tickMs === undefined ? DEFAULT_TICK_MS : opts.tickMs
  if (tickMs !== null && !(tickMs > 0))
    throw new Error('pve-sim: tickMs must be positive, or null for no ticks')
  const settings: Settings = {
    scenario,
    guests,
    seed: opts.seed ?? 1,
    tickMs,
    host: opts.host ?? '127.0.0.1',
    controlPort: opts.controlPort ?? 0,
    authFailureDelayMs: opts.authFailureDelayMs ?? 0,
  }
  const now = Date.now()
  const { clusters, prng } = buildFleet(settings, now)
  const sim = new RunningSimulator(clusters, prng, settings)
  try {
    // RSA key generation dominates start-up: run it all at once on the thread pool. The large scenario shares
    // one node key per cluster (its 40 certificates and fingerprints stay distinct).
    const shared = settings.scenario === 'large'
    const [keys, certs] = await Promise.all([
      Promise.all(clusters.map(async (c) => [c.id, await createClusterAuth()] as const)),
      Promise.all(clusters.map((c) => createClusterCertificates(c.id, c.nodes, now, shared))).then(
        (perCluster) => perCluster.flat(),
      ),
    ])
    await sim.start(new Map(keys), new Map(certs))
  } catch (err) {
    await sim.dispose()
    throw err
  }
  return sim
}
