import { useCallback, useEffect, useRef } from 'react'

/**
 * The signal of a component's lifetime, for the calls it starts (`cancelWith(signal())`): it aborts when the
 * component unmounts (its dialog closed, its step left), so main stops a probe or a test login nobody waits
 * for. A getter, read when the call starts: React may mount a component twice (strict mode), each mount gets
 * its own controller.
 */
export function useUnmountSignal(): () => AbortSignal {
  const current = useRef<AbortController | undefined>(undefined)
  useEffect(() => {
    const controller = new AbortController()
    current.current = controller
    return () => {
      controller.abort()
    }
  }, [])
  return useCallback(() => {
    // A call from before the first effect (none today) still gets a signal of this mount.
    current.current ??= new AbortController()
    return current.current.signal
  }, [])
}
