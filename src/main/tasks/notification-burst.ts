/**
 * How many OS notifications a burst of ended tasks may raise: a bulk run of 200 guests ends 200 tasks within
 * seconds, and 200 desktop notifications bury everything else on the operator's screen. Within each window at
 * most `successes` successes and `failures` failures are shown (failures have their own, larger share, so that a
 * run of successes never hides one); the rest stay in the app's task dock and toasts.
 */
export class NotificationBurst {
  private windowStart = Number.NEGATIVE_INFINITY
  private shownOk = 0
  private shownFailed = 0

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 10_000,
    private readonly successes = 3,
    private readonly failures = 5,
  ) {}

  /** Whether this end may raise a notification now (counts it if so). */
  allow(failed: boolean): boolean {
    const at = this.now()
    if (at - this.windowStart >= this.windowMs) {
      this.windowStart = at
      this.shownOk = 0
      this.shownFailed = 0
    }
    if (failed) {
      if (this.shownFailed >= this.failures) return false
      this.shownFailed++
      return true
    }
    if (this.shownOk >= this.successes) return false
    this.shownOk++
    return true
  }
}
