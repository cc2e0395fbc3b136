import type { ConsoleInfo, ConsoleKind, ConsoleRecord, ConsoleTarget } from '../../../shared/model/console'
import { pveDesk, unwrap } from '../api/client'
import { runAction } from './actions'
import { useConsoleStore } from './console-store'

let stop: (() => void) | undefined

/**
 * Follows main's consoles: subscribe to `console:changed` first, then list them (a reloaded window finds its
 * tabs again; their views attach on their own). Safe to call again (a retried start): one subscription.
 */
export async function startConsoles(): Promise<void> {
  const store = useConsoleStore.getState()
  const list = await runAction('consoles', () => {
    const api = pveDesk()
    stop ??= api.onConsoleChanged((event) => store.apply(event))
    return api.consoleList({})
  })
  if (list !== undefined) store.load(list)
}

/** Stops following main (tests). */
export function stopConsoles(): void {
  stop?.()
  stop = undefined
}

const sameTarget = (a: ConsoleTarget, b: ConsoleTarget): boolean =>
  a.type === b.type && a.node === b.node && (a.type === 'node' || (b.type !== 'node' && a.vmid === b.vmid))

/**
 * Opens a console in a new tab, shown at once in its `connecting` state; when a live console of the same target
 * and kind is already open, shows its tab instead (a second shell on the same node is a Ctrl+Enter away by
 * mistake more often than by intent).
 */
export async function openConsole(
  clusterId: string,
  target: ConsoleTarget,
  kind: ConsoleKind,
): Promise<ConsoleInfo | undefined> {
  const store = useConsoleStore.getState()
  const live = Object.values(store.consoles).find(
    (c) =>
      c.clusterId === clusterId && c.kind === kind && c.state !== 'closed' && sameTarget(c.target, target),
  )
  if (live !== undefined) {
    store.activate(live.consoleId)
    return live
  }
  const info = await runAction('console', () => pveDesk().consoleOpen({ clusterId, target, kind }))
  if (info !== undefined) useConsoleStore.getState().upsert(info, true)
  return info
}

/** Connects a closed console again, in its tab. */
export async function reconnectConsole(consoleId: string): Promise<void> {
  const info = await runAction('console', () => pveDesk().consoleReconnect({ consoleId }))
  if (info !== undefined) useConsoleStore.getState().upsert(info)
}

/**
 * Ends a console and closes its tab (main's `removed` event says the same to the other windows); the focus
 * goes to the tab strip.
 */
export async function closeConsole(consoleId: string): Promise<void> {
  useConsoleStore.getState().remove(consoleId, true)
  await runAction('console', () => pveDesk().consoleClose({ consoleId }))
}

/**
 * The user's close (Ctrl+Shift+W, the close button, a middle click): a connected console asks first, since
 * ending a shell or a screen by a stray key loses what runs in it; a closed or connecting one closes at once.
 */
export function requestClose(consoleId: string): void {
  const store = useConsoleStore.getState()
  const info = store.consoles[consoleId]
  if (info === undefined) return
  if (info.state === 'connected') store.setConfirming(consoleId)
  else void closeConsole(consoleId)
}

/** Opens a VM's SPICE display in remote-viewer; a failure (viewer missing, no SPICE) is told in the banner. */
export async function openSpice(clusterId: string, target: ConsoleTarget): Promise<void> {
  await runAction('spice', () => pveDesk().consoleSpice({ clusterId, target }))
}

/** The local record of console sessions, newest first; throws an AppError for the view to show. */
export const consoleHistory = (): Promise<ConsoleRecord[]> => unwrap(pveDesk().consoleHistory({}))
