/**
 * Consecutive calls about one node that may time out or find it unreachable before its remaining calls are
 * skipped: a node listed online that does not answer would otherwise cost one whole timeout per guest (300 guests
 * × 30 s / 6 in flight: 25 minutes for the whole fleet's inventory snapshot).
 */
export const NODE_FAILURES_BEFORE_SKIP = 3

const NODE_DOWN_CODES = new Set(['timeout', 'unreachable'])

/** What a call not made rejects with (its node stopped answering): never an issue of its own. */
export class SkippedCall extends Error {
  constructor(readonly node: string) {
    super(`node ${node} skipped`)
  }
}

/**
 * Per node of one capture: its timeouts in a row, and once there were {@link NODE_FAILURES_BEFORE_SKIP}, its
 * remaining calls skipped and counted. Any other answer from the node (a success, a refusal) starts the count
 * again: the node is there.
 */
export class NodeBreaker {
  private readonly inARow = new Map<string, number>()
  private readonly skipped = new Map<string, number>()

  /** Whether the node's calls are skipped now. */
  open(node: string): boolean {
    return this.skipped.has(node)
  }

  answered(node: string): void {
    this.inARow.delete(node)
  }

  /** Counts a failed call; true when it is the one after which the node's calls are skipped. */
  failed(node: string, code: string): boolean {
    if (!NODE_DOWN_CODES.has(code)) {
      this.inARow.delete(node)
      return false
    }
    const inARow = (this.inARow.get(node) ?? 0) + 1
    this.inARow.set(node, inARow)
    if (inARow < NODE_FAILURES_BEFORE_SKIP || this.skipped.has(node)) return false
    this.skipped.set(node, 0)
    return true
  }

  skip(node: string): void {
    this.skipped.set(node, (this.skipped.get(node) ?? 0) + 1)
  }

  /** Each node whose calls were skipped, with how many were. */
  skippedCalls(): ReadonlyMap<string, number> {
    return this.skipped
  }
}
