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
 * a read runs waits for that read. A read is shared by whoever waits on it (the schedule, callers): a caller that
 * cancels stops waiting at once, and the read itself is aborted only when no one waits on it any more (the
 * scheduled read, or a caller without a signal, always waits); an aborted read publishes nothing and raises no
 * alert. Disposed, it stops its timer and aborts the read in progress.
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
  /** The read new waiters join; undefined once it ended or was aborted. */
  private running: SharedRead | undefined
  /** The last read started, ended or not: the next one starts after it (an aborted read may still be winding down). */
  private tail: Promise<unknown> = Promise.resolve()
  /** Reads completed (the backup storages' contents are read on every `backupsEvery`-th). */
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

  /**
   * Reads every connected cluster now (or waits for the read in progress) and answers the new report. `signal`
   * stops this caller's wait (`cancelled`); the read is aborted too when no one else waits on it.
   */
  async refresh(signal?: AbortSignal): Promise<DrReport> {
    if (this.isDisposed) throw stopped()
    if (signal?.aborted === true) throw refreshCancelled()
    return this.join(this.running ?? this.startRead(), signal)
  }

  /** Resolves once no read runs: the one in progress (aborted or not) has ended, its requests with it. */
  async idle(): Promise<void> {
    for (let tail = this.tail; ; tail = this.tail) {
      await tail.then(noop, noop)
      if (tail === this.tail) return
    }
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
      // The schedule never cancels: it waits on the read in progress (a caller's refresh) or starts one.
      if (this.running === undefined) void this.join(this.startRead(), undefined).catch(noop)
      else this.schedule(this.options.intervalMs ?? DR_INTERVAL_MS)
    }, ms)
  }

  private startRead(): SharedRead {
    const controller = new AbortController()
    const stop = (): void => controller.abort()
    this.lifetime.signal.addEventListener('abort', stop, { once: true })
    const promise = this.tail
      .then(noop, noop)
      .then(() => this.readAndPublish(controller.signal))
      .finally(() => {
        this.lifetime.signal.removeEventListener('abort', stop)
        if (this.running === read) this.running = undefined
        this.schedule(this.options.intervalMs ?? DR_INTERVAL_MS)
      })
    // Whoever waits gets the rejection; the tail must not be an unhandled one.
    promise.catch(noop)
    const read: SharedRead = { promise, controller, waiters: 0, held: false }
    this.running = read
    this.tail = read.promise
    return read
  }

  /** Waits on `read` until it ends or `signal` aborts; the last waiter to leave aborts it. */
  private join(read: SharedRead, signal: AbortSignal | undefined): Promise<DrReport> {
    if (signal === undefined) {
      read.held = true
      return read.promise
    }
    read.waiters++
    return new Promise<DrReport>((resolve, reject) => {
      const leave = (): void => {
        reject(refreshCancelled())
        read.waiters--
        if (read.waiters > 0 || read.held) return
        // No one waits any more: the read stops, and a later refresh starts a new one.
        if (this.running === read) this.running = undefined
        read.controller.abort()
      }
      signal.addEventListener('abort', leave, { once: true })
      read.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave))
    })
  }

  private async readAndPublish(signal: AbortSignal): Promise<DrReport> {
    if (signal.aborted) throw refreshCancelled()
    const backups = this.reads % (this.options.backupsEvery ?? DR_BACKUPS_EVERY) === 0
    // Read again each time: `pvedesk`, an editor or another PVE Desk may have changed them in the file.
    await this.loadTargets()
    const read = await this.fleet.read(this.registry.list(), {
      signal,
      backups,
      now: Math.floor(this.nowMs() / 1000),
    })
    if (this.disposed()) throw stopped()
    // Aborted between the last answer and here: a read no one waits on any more is not published either.
    if (aborted(signal)) throw refreshCancelled()
    this.reads++
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

/** A read, shared by those who wait on it. */
interface SharedRead {
  promise: Promise<DrReport>
  /** Aborts the read's requests (and so the read: it rejects `cancelled`, publishing nothing). */
  controller: AbortController
  /** Callers waiting with a signal, that may leave. */
  waiters: number
  /** Someone waits who never leaves (the schedule, a caller without a signal): the read is never aborted for them. */
  held: boolean
}

const noop = (): void => undefined

/** Read after an await (the compiler keeps what it saw before it). */
const aborted = (signal: AbortSignal): boolean => signal.aborted

const stopped = (): AppError => new AppError({ code: 'cancelled', message: 'the DR service is stopped' })

const refreshCancelled = (): AppError => new AppError({ code: 'cancelled', message: 'refresh cancelled' })
