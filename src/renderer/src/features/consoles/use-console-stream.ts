import { useEffect, useMemo, useRef, useState } from 'react'

import { useConsoleStore } from '../../stores/console-store'
import type { AttachMode, ConsoleStream } from './console-attacher'
import { ConsoleAttacher } from './console-attacher'

/** What a view may ask of its console's attachment. */
export interface AttachControls {
  /** Takes the console into this window ("bring it back", "show it here"). */
  take(): void
  /** Lets it go ("put back"). */
  release(): void
}

/**
 * The stream of one console for its view, attached and let go with the component: the view wires its
 * terminal or screen to each stream it gets (a new one after a reconnect or a bring-back).
 */
export function useConsoleStream(
  consoleId: string,
  mode: AttachMode,
): { stream: ConsoleStream | undefined; controls: AttachControls } {
  const [stream, setStream] = useState<ConsoleStream | undefined>(undefined)
  const attacher = useRef<ConsoleAttacher | undefined>(undefined)
  const info = useConsoleStore((s) => s.consoles[consoleId])
  useEffect(() => {
    let live = true
    const created = new ConsoleAttacher(consoleId, mode, (next) => {
      if (live) setStream(next)
    })
    attacher.current = created
    const current = useConsoleStore.getState().consoles[consoleId]
    if (current !== undefined) created.update(current)
    return () => {
      live = false
      attacher.current = undefined
      created.dispose()
    }
  }, [consoleId, mode])
  useEffect(() => {
    if (info !== undefined) attacher.current?.update(info)
  }, [info])
  const controls = useMemo<AttachControls>(
    () => ({ take: () => attacher.current?.take(), release: () => attacher.current?.release() }),
    [],
  )
  return { stream, controls }
}
