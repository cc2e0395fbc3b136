import RFB from '@novnc/novnc'
import type { ReactElement } from 'react'
import { useEffect, useRef, useState } from 'react'

import type { ConsoleStream } from '../console-attacher'
import type { ConsoleViewProps } from '../console-view-props'
import { ConsoleStatus } from '../ConsoleStatus'
import { BridgeChannel } from './bridge-channel'
import type { Scaling } from './scaling'
import { applyScaling, loadScaling, saveScaling } from './scaling'
import { VncToolbar } from './VncToolbar'

/**
 * A screen console (a VM's display, or vncterm for a container or node) in noVNC, over the console's stream
 * through a {@link BridgeChannel}. Each stream is a new RFB session (main opens a fresh vncproxy for each
 * attach), so each gets its own RFB, disconnected when the stream ends or the view goes.
 */
export function VncView({ info, local, stream, visible, onRetry }: ConsoleViewProps): ReactElement {
  const view = useRef<HTMLDivElement>(null)
  const screen = useRef<HTMLDivElement>(null)
  const rfb = useRef<RFB | undefined>(undefined)
  /** The RFB session once it is connected (its tools need one), undefined before and after. */
  const [connected, setConnected] = useState<{ session: RFB; stream: ConsoleStream } | undefined>(undefined)
  const [scaling, setScaling] = useState<Scaling>(loadScaling)
  const [viewOnly, setViewOnly] = useState(false)

  useEffect(() => {
    const element = screen.current
    if (stream === undefined || element === null) return
    const channel = new BridgeChannel(stream)
    // The channel is WebSocket-shaped (TOOLCHAIN §6); noVNC's types only know the real thing.
    const session = new RFB(element, channel as unknown as WebSocket, { shared: true })
    session.background = '#000000'
    const onConnect = (): void => setConnected({ session, stream })
    const onDisconnect = (): void => setConnected(undefined)
    session.addEventListener('connect', onConnect)
    session.addEventListener('disconnect', onDisconnect)
    rfb.current = session
    channel.open()
    return () => {
      session.removeEventListener('connect', onConnect)
      session.removeEventListener('disconnect', onDisconnect)
      rfb.current = undefined
      session.disconnect()
    }
  }, [stream])

  useEffect(() => {
    const session = rfb.current
    if (session === undefined) return
    applyScaling(session, scaling)
    session.viewOnly = viewOnly
  }, [stream, connected, scaling, viewOnly])

  useEffect(() => {
    saveScaling(scaling)
  }, [scaling])

  useEffect(() => {
    if (visible) connected?.session.focus({ preventScroll: true })
  }, [visible, connected])

  // The session of the stream now: an older one's `connect` says nothing about it.
  const live = connected !== undefined && connected.stream === stream ? connected.session : undefined
  return (
    <div ref={view} className="console-view" data-console-kind="vnc">
      <ConsoleStatus info={info} local={local} onRetry={onRetry}>
        <VncToolbar
          info={info}
          rfb={live}
          scaling={scaling}
          onScaling={setScaling}
          viewOnly={viewOnly}
          onViewOnly={setViewOnly}
          fullScreenTarget={view}
        />
      </ConsoleStatus>
      <div
        ref={screen}
        className={scaling === 'none' ? 'console-screen console-screen-scroll' : 'console-screen'}
        data-testid="vnc-screen"
        data-connected={live === undefined ? 'false' : 'true'}
      />
    </div>
  )
}
