// The simulator-wide services a node's API handlers reach through their context: the simulated clock, the
// seeded PRNG behind new usage figures, each node's current certificate, the console sessions, and the secrets
// handed out so far.

import type { SimClock } from './clock'
import type { ConsoleRegistry } from './consoles/sessions'
import type { Prng } from './prng'
import type { NodeCertificate } from './tls'

export interface SimServices {
  readonly clock: SimClock
  /** The live PRNG (reset() replaces it, hence a function). */
  prng(): Prng
  certificateOf(node: string): NodeCertificate | undefined
  /** Console sessions per node, waiting for or holding their websocket. */
  readonly consoles: ConsoleRegistry
  /** Every secret handed out so far (tickets, CSRF tokens, console tickets and passwords), for secretValues(). */
  readonly issued: Set<string>
}
