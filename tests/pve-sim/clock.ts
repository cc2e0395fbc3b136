// The simulated wall clock: real time plus an offset that tests move forward (POST /clock/advance), so that
// ticket expiry, uptimes, task progress and TOTP codes can be exercised without waiting.

export class SimClock {
  private offsetMs = 0

  /** Epoch milliseconds as the simulated nodes see them. */
  now(): number {
    return Date.now() + this.offsetMs
  }

  /** Moves the clock forward; it never goes back, as a node's clock under NTP would not jump backwards. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new RangeError('seconds must be a non-negative number')
    this.offsetMs += Math.round(seconds * 1000)
  }

  /** Back to real time (only POST /reset does this). */
  reset(): void {
    this.offsetMs = 0
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000
  }
}
