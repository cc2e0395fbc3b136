/**
 * Work run one at a time, in the order asked: inflating and parsing an inventory snapshot is main's costliest
 * work in memory, and a renderer asking for many at once must not have them all in memory together.
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work)
    this.tail = run.catch(() => undefined)
    return run
  }
}
