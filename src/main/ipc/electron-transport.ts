import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron'
import { ipcMain } from 'electron'

import { fail } from '../../shared/ipc/errors'
import { channelManifest, INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { CHANNEL_PREFIX, WIRE } from '../../shared/ipc/wire'
import type { IDisposable } from '../../shared/lifecycle'
import { DisposableStore, toDisposable } from '../../shared/lifecycle'
import type { IpcRouter } from './router'

/**
 * Electron IPC for the router: the only file in main that touches `ipcMain`. A message is accepted only from a
 * WebContents we created (registered with `trust`), from its top frame, at our own origin; anything else gets
 * `invalid_request` and is never parsed further.
 */
export class ElectronTransport implements IDisposable {
  private readonly store = new DisposableStore()
  private readonly trusted = new Map<number, IDisposable>()

  constructor(
    private readonly router: IpcRouter,
    private readonly isAppUrl: (url: string) => boolean,
  ) {
    for (const channel of INVOKE_CHANNELS) {
      ipcMain.handle(CHANNEL_PREFIX + channel, (event, request: unknown) =>
        this.isTrusted(event)
          ? this.router.invoke(senderId(event.sender), channel, request)
          : fail({ code: 'invalid_request', message: 'untrusted sender' }),
      )
      this.store.add(toDisposable(() => ipcMain.removeHandler(CHANNEL_PREFIX + channel)))
    }
    const onSubscribe = (event: IpcMainEvent, name: unknown): void => {
      if (this.isTrusted(event)) this.router.subscribe(senderId(event.sender), name)
    }
    const onUnsubscribe = (event: IpcMainEvent, name: unknown): void => {
      if (this.isTrusted(event)) this.router.unsubscribe(senderId(event.sender), name)
    }
    // The names are no secret (they are in the renderer's bundle); every call on them is checked as above.
    const onManifest = (event: IpcMainEvent): void => {
      event.returnValue = channelManifest
    }
    ipcMain.on(WIRE.manifest, onManifest)
    ipcMain.on(WIRE.subscribe, onSubscribe)
    ipcMain.on(WIRE.unsubscribe, onUnsubscribe)
    this.store.add(
      toDisposable(() => {
        ipcMain.off(WIRE.manifest, onManifest)
        ipcMain.off(WIRE.subscribe, onSubscribe)
        ipcMain.off(WIRE.unsubscribe, onUnsubscribe)
      }),
    )
  }

  /** Accepts IPC from this WebContents until it is destroyed or navigates away (subscriptions are dropped). */
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

  private isTrusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame
    return (
      this.trusted.has(event.sender.id) && frame !== null && frame.parent === null && this.isAppUrl(frame.url)
    )
  }

  dispose(): void {
    for (const attachment of this.trusted.values()) attachment.dispose()
    this.trusted.clear()
    this.store.dispose()
  }
}

const senderId = (contents: WebContents): string => `wc:${contents.id}`
