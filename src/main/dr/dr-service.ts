import { Disposable, Emitter } from '../../shared/lifecycle'
import type { DrAlert, DrReport, DrTargets } from '../../shared/model/dr'
import { defaultDrTargets } from '../../shared/model/dr'
import { evaluateDr } from '../../shared/dr/evaluate'
import type { ClusterRegistry } from '../clusters/cluster-registry'

export interface DrServiceOptions {
  /** The PVE Desk home: the targets live in its settings file, the alert history beside it. */
  home: string
  /** How often every connected cluster is read again (tests shorten it). */
  intervalMs?: number
  /** Epoch milliseconds (tests move time by hand). */
  now?: () => number
}

/**
 * Reads the DR lists of every connected cluster on its own cadence, evaluates them against the targets, publishes
 * the report and the alerts of each transition, and keeps the alert history. Skeleton: the DR main lane fills it.
 */
export class DrService extends Disposable {
  private readonly changedEmitter = this._register(new Emitter<DrReport>())
  private readonly alertEmitter = this._register(new Emitter<DrAlert>())
  readonly onChanged = this.changedEmitter.event
  readonly onAlert = this.alertEmitter.event
  private current: DrTargets = defaultDrTargets()

  constructor(
    readonly registry: ClusterRegistry,
    readonly options: DrServiceOptions,
  ) {
    super()
  }

  start(): Promise<void> {
    return Promise.resolve()
  }

  report(): Promise<DrReport> {
    const now = Math.floor((this.options.now ?? Date.now)() / 1000)
    return Promise.resolve(evaluateDr({ clusters: [], targets: this.current, now }))
  }

  refresh(signal?: AbortSignal): Promise<DrReport> {
    void signal
    return this.report()
  }

  targets(): Promise<DrTargets> {
    return Promise.resolve(this.current)
  }

  setTargets(targets: DrTargets): Promise<DrReport> {
    this.current = targets
    return this.report()
  }

  history(): Promise<DrAlert[]> {
    return Promise.resolve([])
  }

  clearHistory(): Promise<void> {
    return Promise.resolve()
  }
}
