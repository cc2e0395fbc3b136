// Faults on demand: per node or for the whole fleet, extra latency before a node answers, a share of calls that
// fail with a 500, calls that are accepted and never answered, answers dripped a few bytes a second, and answers
// far larger than any Proxmox VE sends. A node's own setting replaces the global one.

import type { Prng } from './prng'

export interface FaultSpec {
  /** Milliseconds a node waits before handling each request. */
  latencyMs: number
  /** Share of requests (0..1) answered `500 got timeout` without being handled. */
  errorRate: number
  /** Requests are accepted and never answered (the client's timeout has to fire). */
  hang: boolean
  /** Headers at once, then the real answer at this many bytes a second (0: off); an inactivity timeout never fires. */
  dripBytesPerSecond: number
  /** Every request is answered `200` with a valid JSON envelope of this many bytes (0: off), streamed. */
  oversizeBytes: number
  /** With `oversizeBytes`: chunked, without `Content-Length`, so that only counting while reading can stop it. */
  oversizeChunked: boolean
}

export const NO_FAULTS: FaultSpec = {
  latencyMs: 0,
  errorRate: 0,
  hang: false,
  dripBytesPerSecond: 0,
  oversizeBytes: 0,
  oversizeChunked: false,
}

/** What a faulty node does with one request. */
export type FaultAction =
  | { kind: 'hang' }
  | { kind: 'fail'; delayMs: number }
  | { kind: 'oversize'; delayMs: number; bytes: number; chunked: boolean }
  | { kind: 'drip'; delayMs: number; bytesPerSecond: number }
  | { kind: 'serve'; delayMs: number }

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
    if (spec.oversizeBytes > 0)
      return {
        kind: 'oversize',
        delayMs: spec.latencyMs,
        bytes: spec.oversizeBytes,
        chunked: spec.oversizeChunked,
      }
    if (spec.dripBytesPerSecond > 0)
      return { kind: 'drip', delayMs: spec.latencyMs, bytesPerSecond: spec.dripBytesPerSecond }
    return { kind: 'serve', delayMs: spec.latencyMs }
  }

  describe(): { global: FaultSpec; nodes: Record<string, FaultSpec> } {
    return { global: { ...this.global }, nodes: Object.fromEntries(this.perNode) }
  }
}
