import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { DrAlert, DrReport, DrTargets } from '../../shared/model/dr'
import { defaultDrTargets } from '../../shared/model/dr'
import { alertsBetween } from '../../shared/dr/alerts'
import { evaluateDr } from '../../shared/dr/evaluate'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import { NotificationBurst } from '../tasks/notification-burst'
import type { FleetRead } from './dr-fleet-read'
import { DrFleetRead } from './dr-fleet-read'
import { DrHistory } from './dr-history'
import { DrTargetsStore } from './dr-targets-store'

export interface DrServiceOptions {
  /** The PVE Desk home: the targets live in its settings file, the alert history beside it. */
  home: string
  /** How often every connected cluster is read again (tests shorten it). Default 60 s. */
  intervalMs?: number
  /** Epoch milliseconds (tests move time by hand). */
  now?: () => number
  /** The backup storages' contents are read on every this many reads (the costly part). Default 5. */
  backupsEvery?: number
  /** Requests in flight per cluster (default 4). */
  concurrency?: number
  /** Where problems go (an unreadable history or targets): the log by default. */
  report?: (message: string) => void
}

export const DR_INTERVAL_MS = 60_000
export const DR_BACKUPS_EVERY = 5

/**
 * Reads the DR lists of every connected cluster on its own cadence, evaluates them against the targets, publishes
 * the report and the alerts of each transition, and keeps the alert history. One read at a time: a refresh while
 * a read runs waits for that read. Disposed, it stops its timer and aborts the read in progress.
 */
export class DrService extends Disposable {
  private readonly changedEmitter = this._register(new Emitter<DrReport>())
  private readonly alertEmitter = this._register(new Emitter<DrAlert>())
  private readonly notifyEmitter = this._register(new Emitter<DrAlert>())
  readonly onChanged = this.changedEmitter.event
  /** Every alert, raised or cleared, as it is added to the history. */
  readonly onAlert = this.alertEmitter.event
  /**
   * The raised alerts worth an OS notification: capped per minute, so that the first report of a session (which
   * raises everything bad at once) or a site going down does not bury the operator's screen.
   */
  readonly onNotify = this.notifyEmitter.event
  private current: DrTargets = defaultDrTargets()
  private last: DrReport | undefined
  private lastRead: FleetRead | undefined
  /** Clusters evaluated at least once: a cluster's first read is its starting point, not a transition. */
  private readonly baseline = new Set<string>()
  private readonly fleet: DrFleetRead
  private readonly store: DrTargetsStore
  private readonly alertHistory: DrHistory
  private readonly burst: NotificationBurst
  private readonly lifetime = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<DrReport> | undefined
  private reads = 0
  private started = false
  private targetsProblem: string | undefined

  constructor(
    readonly registry: ClusterRegistry,
    readonly options: DrServiceOptions,
  ) {
    super()
    const report = options.report ?? ((m: string) => console.error(m))
    this.fleet = new DrFleetRead(options.concurrency)
    this.store = new DrTargetsStore(options.home, report)
    this.alertHistory = new DrHistory(options.home, report, this.nowMs)
    this.burst = new NotificationBurst(this.nowMs, 60_000, 0, 3)
    this._register(
      toDisposable(() => {
        this.lifetime.abort()
        if (this.timer !== undefined) clearTimeout(this.timer)
        this.timer = undefined
      }),
    )
  }

  /** Loads the targets and starts reading (the first read runs in the background: start does not wait for PVE). */
  async start(): Promise<void> {
    if (this.started || this.isDisposed) return
    this.started = true
    await this.loadTargets()
    if (this.disposed()) return
    this.schedule(0)
  }

  report(): Promise<DrReport> {
    return Promise.resolve(this.last ?? this.evaluate(this.fleet.held(this.registry.list())))
  }

  /** Reads every connected cluster now (or waits for the read in progress) and answers the new report. */
  async refresh(signal?: AbortSignal): Promise<DrReport> {
    if (this.isDisposed) throw stopped()
    if (this.running !== undefined) return untilAborted(this.running, signal)
    return untilAborted(this.readNow(), signal)
  }

  targets(): Promise<DrTargets> {
    return Promise.resolve(this.current)
  }

  /** Writes the targets in the settings file and re-evaluates the last reads against them at once. */
  async setTargets(targets: DrTargets): Promise<DrReport> {
    this.current = await this.store.write(targets)
    if (this.isDisposed) throw stopped()
    return this.publish(this.lastRead ?? this.fleet.held(this.registry.list()))
  }

  history(): Promise<DrAlert[]> {
    return this.alertHistory.list()
  }

  clearHistory(): Promise<void> {
    return this.alertHistory.clear()
  }

  private async loadTargets(): Promise<void> {
    try {
      this.current = await this.store.read()
    } catch (error) {
      // An unreadable settings file costs the targets only: the last ones (or the defaults) stay, and it is said.
      const message = `[dr] the DR targets cannot be read: ${String(error)}`
      if (message !== this.targetsProblem) (this.options.report ?? console.error)(message)
      this.targetsProblem = message
    }
  }

  /** Read after an await (the compiler keeps what it saw before it). */
  private disposed(): boolean {
    return this.isDisposed
  }

  private readonly nowMs = (): number => (this.options.now ?? Date.now)()

  private schedule(ms: number): void {
    if (this.isDisposed) return
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.running === undefined) void this.readNow().catch(() => undefined)
      else this.schedule(this.options.intervalMs ?? DR_INTERVAL_MS)
    }, ms)
  }

  private readNow(): Promise<DrReport> {
    const run = this.readAndPublish().finally(() => {
      if (this.running === run) this.running = undefined
      this.schedule(this.options.intervalMs ?? DR_INTERVAL_MS)
    })
    this.running = run
    return run
  }

  private async readAndPublish(): Promise<DrReport> {
    const backups = this.reads % (this.options.backupsEvery ?? DR_BACKUPS_EVERY) === 0
    this.reads++
    // Read again each time: `pvedesk`, an editor or another PVE Desk may have changed them in the file.
    await this.loadTargets()
    const read = await this.fleet.read(this.registry.list(), {
      signal: this.lifetime.signal,
      backups,
      now: Math.floor(this.nowMs() / 1000),
    })
    if (this.disposed()) throw stopped()
    this.lastRead = read
    return this.publish(read)
  }

  private evaluate(read: FleetRead): DrReport {
    return evaluateDr({
      clusters: read.clusters,
      targets: this.current,
      now: Math.floor(this.nowMs() / 1000),
      lastContact: read.lastContact,
    })
  }

  private async publish(read: FleetRead): Promise<DrReport> {
    const report = this.evaluate(read)
    const before = this.last
    this.last = report
    this.changedEmitter.fire(report)
    // What is already bad when a cluster is first read (at start-up, or once it connects) is shown red in the
    // view but is no transition: alerting it would repeat the same burst in the history at every start.
    const alerts = alertsBetween(before, report).filter((a) => this.baseline.has(a.clusterId))
    for (const cluster of read.clusters) this.baseline.add(cluster.id)
    if (alerts.length === 0) return report
    try {
      await this.alertHistory.append(alerts)
    } catch (error) {
      // The history is a record, not a gate: the alerts are still shown when it cannot be written.
      ;(this.options.report ?? console.error)(`[dr] the DR alert history cannot be written: ${String(error)}`)
    }
    if (this.disposed()) return report
    for (const alert of alerts) {
      this.alertEmitter.fire(alert)
      if (alert.phase === 'raised' && this.burst.allow(true)) this.notifyEmitter.fire(alert)
    }
    return report
  }
}

const stopped = (): AppError => new AppError({ code: 'cancelled', message: 'the DR service is stopped' })

/** The promise's answer, or `cancelled` as soon as the caller's signal aborts (the read itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  if (signal.aborted) return Promise.reject(new AppError({ code: 'cancelled', message: 'refresh cancelled' }))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AppError({ code: 'cancelled', message: 'refresh cancelled' }))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
