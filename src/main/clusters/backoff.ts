/** Delays while a cluster is down: doubling from `baseMs` up to `maxMs`, each scaled by a random 50–100 %. */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/**
 * The jitter keeps a NOC's many desks from hammering a recovering site in lock-step; the floor of 50 % keeps the
 * retry from coming back too early to be useful.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 20))
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  return Math.round(ceiling * (0.5 + random() * 0.5))
}
