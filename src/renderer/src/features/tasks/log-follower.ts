import type { IDisposable } from '../../../../shared/lifecycle'
import type { TaskLogPage } from '../../../../shared/model/task'

/** One page of a task's log: `start` is the 0-based line offset, PVE's `n` is 1-based. */
export type FetchLogPage = (start: number, limit: number, signal: AbortSignal) => Promise<TaskLogPage>

export interface LogLine {
  n: number
  t: string
}

/** What the log viewer shows: a contiguous run of lines, where it starts, how many there are in all. */
export interface LogView {
  lines: readonly LogLine[]
  /** PVE's total as last read: lines in the log so far. */
  total: number
  /** The task still runs (PVE said so in the last page): the viewer follows. */
  running: boolean
  loading: boolean
  /** Lines before the first one held can be loaded (and there is room for them). */
  hasEarlier: boolean
  error?: unknown
}

export interface LogFollowerOptions {
  pageSize?: number
  intervalMs?: number
  /** Lines kept at most (a task writing for days): the oldest go, "load earlier" brings them back. */
  maxLines?: number
  /** Pages read at most per tick while catching up, so that a fast writer cannot keep the viewer busy. */
  pagesPerTick?: number
}

/** A line as long as this is enough to read; a hostile server's 100 MB line is cut here. */
const MAX_LINE_CHARS = 8_192

/**
 * Reads a task's log page by page and follows it while the task runs: the last page first (a backup's log of
 * 50,000 lines opens on its end), then every `intervalMs` the lines after the last one held, then, once PVE
 * says the task ended, one more read (the end line may be written between the status and the log), and stops.
 * `loadEarlier` brings the page before the first line held. Disposable: nothing is asked once disposed.
 */
export class LogFollower implements IDisposable {
  private readonly abort = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  private view: LogView = { lines: [], total: 0, running: true, loading: true, hasEarlier: false }
  private readonly pageSize: number
  private readonly intervalMs: number
  private readonly maxLines: number
  private readonly pagesPerTick: number
  private busy = false

  constructor(
    private readonly fetchPage: FetchLogPage,
    private readonly onChange: (view: LogView) => void,
    options: LogFollowerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500
    this.intervalMs = options.intervalMs ?? 1_000
    this.maxLines = options.maxLines ?? 20_000
    this.pagesPerTick = options.pagesPerTick ?? 4
  }

  get current(): LogView {
    return this.view
  }

  /** A method, not a getter: read again after each await (a getter's value would be narrowed across it). */
  isDisposed(): boolean {
    return this.abort.signal.aborted
  }

  start(): void {
    void this.run(async () => {
      const head = await this.read(0, this.pageSize)
      if (head === undefined) return
      // A total beyond the page (PVE's own count) opens on the last page; a total of one more line than the page
      // only says "more" (main reads one line ahead): then the log is read on from its head.
      if (head.total > head.lines.length + 1 && head.total > this.pageSize) {
        const tail = await this.read(head.total - this.pageSize, this.pageSize)
        if (tail === undefined) return
        this.set({ lines: clean(tail.lines, 0), total: tail.total, running: tail.running })
      } else this.set({ lines: clean(head.lines, 0), total: head.total, running: head.running })
      await this.catchUp(this.pagesPerTick - 1)
    })
  }

  loadEarlier(): void {
    const first = this.view.lines[0]?.n
    if (first === undefined || !this.view.hasEarlier || this.busy) return
    void this.run(async () => {
      const start = Math.max(0, first - 1 - this.pageSize)
      const page = await this.read(start, first - 1 - start)
      if (page === undefined) return
      const earlier = page.lines.filter((l) => l.n < first).map(cut)
      this.set({ lines: [...earlier, ...this.view.lines] })
    }, false)
  }

  dispose(): void {
    this.abort.abort()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Reads pages after the last line while PVE answers full pages, at most `pages` of them. */
  private async catchUp(pages: number): Promise<void> {
    let wasRunning = this.view.running
    for (let i = 0; i < pages; i++) {
      const last = this.view.lines.at(-1)?.n ?? 0
      const page = await this.read(last, this.pageSize)
      if (page === undefined) return
      const added = clean(page.lines, last)
      const lines = [...this.view.lines, ...added]
      this.set({
        lines: lines.slice(Math.max(0, lines.length - this.maxLines)),
        total: page.total,
        running: page.running,
      })
      // One more read after the end was seen: the end line may come after the status said "stopped".
      if (!page.running && !wasRunning) return
      wasRunning = page.running
      if (page.lines.length < this.pageSize && page.running) return
    }
  }

  private schedule(): void {
    if (this.isDisposed() || !this.view.running) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      // "Load earlier" is reading: the follow-up waits for the next tick rather than stopping.
      if (this.busy) this.schedule()
      else void this.run(() => this.catchUp(this.pagesPerTick))
    }, this.intervalMs)
  }

  /** One read or reading sequence at a time; then the next tick, if the task still runs. */
  private async run(work: () => Promise<void>, reschedule = true): Promise<void> {
    if (this.isDisposed() || this.busy) return
    this.busy = true
    this.set({ loading: true })
    try {
      await work()
      if (this.isDisposed()) return
      this.set({ loading: false, error: undefined })
    } catch (error: unknown) {
      if (this.isDisposed()) return
      // A failed read stops the follow-up: the viewer says why (main retries nothing on its own).
      this.set({ loading: false, running: false, error })
      return
    } finally {
      this.busy = false
    }
    if (reschedule) this.schedule()
  }

  private async read(start: number, limit: number): Promise<TaskLogPage | undefined> {
    const page = await this.fetchPage(Math.max(0, start), Math.max(1, limit), this.abort.signal)
    if (this.isDisposed()) return undefined
    // PVE answers an empty log with one line `{n: 1, t: "no content"}`, total 1 (pve-common PVE::Tools
    // `dump_logfile`, for ExtJS's sake): held, it would take the place of the real first line, never read then.
    const [only] = page.lines
    if (page.lines.length === 1 && only?.n === 1 && only.t === 'no content' && page.total <= 1)
      return { ...page, lines: [], total: 0 }
    return page
  }

  private set(patch: Partial<LogView>): void {
    if (this.isDisposed()) return
    const next: LogView = { ...this.view, ...patch }
    next.hasEarlier = (next.lines[0]?.n ?? 1) > 1 && next.lines.length < this.maxLines
    if ('error' in patch && patch.error === undefined) delete next.error
    this.view = next
    this.onChange(next)
  }
}

const cut = (line: LogLine): LogLine =>
  line.t.length > MAX_LINE_CHARS ? { n: line.n, t: `${line.t.slice(0, MAX_LINE_CHARS)}…` } : line

/** Lines after `after`, in order, each once: a server repeating or reordering lines cannot double them. */
function clean(lines: readonly LogLine[], after: number): LogLine[] {
  const out: LogLine[] = []
  let last = after
  for (const line of [...lines].sort((a, b) => a.n - b.n)) {
    if (line.n <= last) continue
    out.push(cut(line))
    last = line.n
  }
  return out
}
