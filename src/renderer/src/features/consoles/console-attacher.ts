import type { PveDeskStream } from '../../../../shared/ipc/api'
import type { AppErrorShape } from '../../../../shared/ipc/errors'
import type { ConsoleControl, ConsoleInfo } from '../../../../shared/model/console'
import { pveDesk } from '../../api/client'
import type { LocalConsole } from '../../stores/console-store'
import { useConsoleStore } from '../../stores/console-store'

/** A console's stream as its view uses it: typed bytes and controls up, output (or RFB) down. */
export type ConsoleStream = PveDeskStream<Uint8Array | ConsoleControl, Uint8Array>

/**
 * `workspace`: the main window's tab; it leaves a console another window holds alone, and takes it back when
 * that window lets go (Put back, or the window closed). `window`: a detached window; it takes the console
 * from wherever it is.
 */
export type AttachMode = 'workspace' | 'window'

/** Another window attached to the console: main ended this stream with `conflict`, reason `moved`. */
const moved = (error: AppErrorShape | undefined): boolean =>
  error?.code === 'conflict' && error.detail?.reason === 'moved'

/**
 * Holds this window's stream of one console: attaches when the console is open and nobody else holds it (or
 * when told to take it), and says in the console store where this window stands. An attach that failed, or a
 * stream that ended, is not retried until the console changes (reconnected, state changed), so a refusal never
 * loops. The view gets each new stream through `onStream` (undefined when it ended).
 */
export class ConsoleAttacher {
  private stream: ConsoleStream | undefined
  private attaching = false
  /** The console's `since` when the last attach failed or its stream ended: no retry for that same state. */
  private settledAt: number | undefined
  private disposed = false

  constructor(
    private readonly consoleId: string,
    private readonly mode: AttachMode,
    private readonly onStream: (stream: ConsoleStream | undefined) => void,
  ) {}

  private get local(): LocalConsole {
    return useConsoleStore.getState().local[this.consoleId] ?? { attachment: 'none' }
  }

  private setLocal(local: LocalConsole): void {
    if (!this.disposed) useConsoleStore.getState().setAttachment(this.consoleId, local)
  }

  /** Called whenever the console's metadata changes (and once at mount). */
  update(info: ConsoleInfo): void {
    if (this.disposed || this.attaching || this.stream !== undefined || info.state === 'closed') return
    if (this.settledAt === info.since) return
    const { attachment } = this.local
    // A detached window that lost its console to another waits for the user's word: no tug of war.
    if (this.mode === 'window' && attachment === 'elsewhere') return
    if (this.mode === 'workspace') {
      // Someone else holds it: leave it there until they let go.
      if (info.attached && attachment !== 'elsewhere') {
        this.setLocal({ attachment: 'elsewhere' })
        return
      }
      if (info.attached) return
    }
    void this.attach(info.since)
  }

  /** Takes the console into this window even if another holds it ("bring it back"). */
  take(): void {
    if (this.disposed || this.attaching || this.stream !== undefined) return
    this.settledAt = undefined
    void this.attach(undefined)
  }

  /** Lets the console go (Put back): the stream ends, main tells the other windows it is free. */
  release(): void {
    const stream = this.stream
    if (stream === undefined) return
    this.stream = undefined
    this.settledAt = useConsoleStore.getState().consoles[this.consoleId]?.since
    this.setLocal({ attachment: 'none' })
    stream.close()
    this.onStream(undefined)
  }

  private async attach(since: number | undefined): Promise<void> {
    this.attaching = true
    this.setLocal({ attachment: 'attaching' })
    let opened: Awaited<ReturnType<ReturnType<typeof pveDesk>['openConsoleAttach']>>
    try {
      opened = await pveDesk().openConsoleAttach({ consoleId: this.consoleId })
    } catch (error: unknown) {
      opened = { ok: false, error: { code: 'internal', message: String(error) } }
    }
    this.attaching = false
    if (!opened.ok) {
      this.settledAt = since ?? useConsoleStore.getState().consoles[this.consoleId]?.since
      this.setLocal({ attachment: 'none', attachError: opened.error })
      return
    }
    const stream = opened.value
    if (this.disposed) {
      stream.close()
      return
    }
    this.stream = stream
    this.setLocal({ attachment: 'here' })
    stream.onClose((error) => {
      if (this.stream !== stream) return
      this.stream = undefined
      // Moved: wait for the other window to let go (main then says `attached: false`), whatever `since` says.
      this.settledAt = moved(error) ? undefined : useConsoleStore.getState().consoles[this.consoleId]?.since
      this.setLocal(
        moved(error)
          ? { attachment: 'elsewhere' }
          : { attachment: 'none', ...(error === undefined ? {} : { attachError: error }) },
      )
      this.onStream(undefined)
    })
    this.onStream(stream)
  }

  dispose(): void {
    this.disposed = true
    this.release()
  }
}
