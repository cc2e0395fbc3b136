import type { IpcMainEvent, IpcMainInvokeEvent, MessagePortMain, WebContents } from 'electron'
import { ipcMain } from 'electron'

import { channelManifest } from '../../shared/ipc/contract'
import type { ChannelManifest } from '../../shared/ipc/wire'
import { fail } from '../../shared/ipc/errors'
import { CHANNEL_PREFIX, WIRE } from '../../shared/ipc/wire'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, toDisposable } from '../../shared/lifecycle'
import type { TransportRouter } from './router'

/**
 * Electron IPC for the router: the only file in main that touches `ipcMain`. A message is accepted only from a
 * WebContents we created (registered with `trust`), from its top frame, at our own origin (`isAppUrl`, which
 * compares origins exactly); anything else gets `invalid_request` and is never parsed further. Each stream
 * travels over its own MessagePort, which the preload creates and hands over when it opens the stream.
 */
export class ElectronTransport extends Disposable {
  private readonly trusted = new Map<number, IDisposable>()
  private nextStream = 1

  constructor(
    private readonly router: TransportRouter,
    private readonly isAppUrl: (url: string) => boolean,
    manifest: ChannelManifest = channelManifest,
  ) {
    super()
    for (const channel of manifest.invoke) {
      ipcMain.handle(CHANNEL_PREFIX + channel, (event, request: unknown, callId: unknown) =>
        this.isTrusted(event)
          ? this.router.invoke(senderId(event.sender), channel, request, callId)
          : fail({ code: 'invalid_request', message: 'untrusted sender' }),
      )
      this._register(toDisposable(() => ipcMain.removeHandler(CHANNEL_PREFIX + channel)))
    }
    this.on(WIRE.manifest, (event) => {
      // The names are no secret (they are in the renderer's bundle); every call on them is checked as above.
      event.returnValue = manifest
    })
    this.on(WIRE.subscribe, (event, name) => {
      if (this.isTrusted(event)) this.router.subscribe(senderId(event.sender), name)
    })
    this.on(WIRE.unsubscribe, (event, name) => {
      if (this.isTrusted(event)) this.router.unsubscribe(senderId(event.sender), name)
    })
    this.on(WIRE.cancel, (event, callId) => {
      if (this.isTrusted(event)) this.router.cancel(senderId(event.sender), callId)
    })
    this.on(WIRE.stream, (event, open) => {
      const port = event.ports[0]
      if (port === undefined) return
      if (!this.isTrusted(event)) {
        port.close()
        return
      }
      this.openStream(senderId(event.sender), port, open)
    })
  }

  /** Accepts IPC from this WebContents until it is destroyed or navigates away (all it opened is ended). */
  trust(contents: WebContents): void {
    const attach = (): void => {
      this.trusted.get(contents.id)?.dispose()
      this.trusted.set(
        contents.id,
        this.router.attach({
          id: senderId(contents),
          send: (event, payload) => {
            if (!contents.isDestroyed()) contents.send(WIRE.event, event, payload)
          },
        }),
      )
    }
    attach()
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) attach()
    })
    contents.once('destroyed', () => {
      this.trusted.get(contents.id)?.dispose()
      this.trusted.delete(contents.id)
    })
  }

  private openStream(sender: string, port: MessagePortMain, open: unknown): void {
    const id = this.nextStream++
    const { channel, request } = (open ?? {}) as { channel?: unknown; request?: unknown }
    let closed = false
    port.on('message', (message) => this.router.streamFrame(sender, id, message.data))
    port.on('close', () => {
      closed = true
      this.router.streamGone(sender, id)
    })
    port.start()
    this.router.openStream(sender, id, channel, request, {
      post: (frame) => {
        if (!closed) port.postMessage(frame)
      },
      close: () => {
        if (closed) return
        closed = true
        port.close()
      },
    })
  }

  private on(channel: string, listener: (event: IpcMainEvent, arg: unknown) => void): void {
    const wrapped = (event: IpcMainEvent, arg: unknown): void => {
      listener(event, arg)
    }
    ipcMain.on(channel, wrapped)
    this._register(toDisposable(() => ipcMain.off(channel, wrapped)))
  }

  private isTrusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame
    return (
      this.trusted.has(event.sender.id) && frame !== null && frame.parent === null && this.isAppUrl(frame.url)
    )
  }

  override dispose(): void {
    for (const attachment of this.trusted.values()) attachment.dispose()
    this.trusted.clear()
    super.dispose()
  }
}

const senderId = (contents: WebContents): string => `wc:${contents.id}`
