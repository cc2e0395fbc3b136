// Faults on demand: per node or for the whole fleet, extra latency before a node answers, a share of calls that
// fail with a 500, or calls that are accepted and never answered. A node's own setting replaces the global one.

import type { Prng } from './prng'

export interface FaultSpec {
  /** Milliseconds a node waits before handling each request. */
  latencyMs: number
  /** Share of requests (0..1) answered `500 got timeout` without being handled. */
  errorRate: number
  /** Requests are accepted and never answered (the client's timeout has to fire). */
  hang: boolean
}

export const NO_FAULTS: FaultSpec = { latencyMs: 0, errorRate: 0, hang: false }

/** What a faulty node does with one request. */
export type FaultAction =
  { kind: 'hang' } | { kind: 'fail'; delayMs: number } | { kind: 'serve'; delayMs: number }

export class Faults {
  private global: FaultSpec = NO_FAULTS
  private readonly perNode = new Map<string, FaultSpec>()

  constructor(private readonly prng: Prng) {}

  /** Replaces the setting of one node, or the global one; fields left out mean "no such fault". */
  set(spec: Partial<FaultSpec>, node?: string): void {
    const full: FaultSpec = { ...NO_FAULTS, ...spec }
    if (node === undefined) this.global = full
    else this.perNode.set(node, full)
  }

  reset(): void {
    this.global = NO_FAULTS
    this.perNode.clear()
  }

  effective(node: string): FaultSpec {
    return this.perNode.get(node) ?? this.global
  }

  decide(node: string): FaultAction {
    const spec = this.effective(node)
    if (spec.hang) return { kind: 'hang' }
    if (spec.errorRate > 0 && this.prng.chance(spec.errorRate))
      return { kind: 'fail', delayMs: spec.latencyMs }
    return { kind: 'serve', delayMs: spec.latencyMs }
  }

  describe(): { global: FaultSpec; nodes: Record<string, FaultSpec> } {
    return { global: { ...this.global }, nodes: Object.fromEntries(this.perNode) }
  }
}
