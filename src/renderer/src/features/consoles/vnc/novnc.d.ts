// noVNC ships JavaScript only, and @types/novnc__novnc names another module path: the part PVE Desk uses.
declare module '@novnc/novnc' {
  export default class RFB extends EventTarget {
    constructor(
      target: HTMLElement,
      urlOrChannel: string | WebSocket | RTCDataChannel,
      options?: {
        shared?: boolean
        credentials?: { username?: string; password?: string; target?: string }
        repeaterID?: string
        wsProtocols?: string[]
      },
    )
    scaleViewport: boolean
    clipViewport: boolean
    resizeSession: boolean
    viewOnly: boolean
    focusOnClick: boolean
    background: string
    disconnect(): void
    sendCtrlAltDel(): void
    sendKey(keysym: number, code: string | null, down?: boolean): void
    clipboardPasteFrom(text: string): void
    focus(options?: FocusOptions): void
    blur(): void
    toBlob(callback: (blob: Blob | null) => void, type?: string, quality?: number): void
  }
}
