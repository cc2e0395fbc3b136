/** The hash a detached console window opens with: `#console=<id>`. */
const HASH = /^#console=([A-Za-z0-9-]{1,64})$/

/** The console this window shows alone, when it is a detached console window. */
export function detachedConsoleId(hash: string = window.location.hash): string | undefined {
  return HASH.exec(hash)?.[1]
}

/** The URL of a console's own window: this page, same origin, with the console's hash. */
export const consoleWindowUrl = (
  consoleId: string,
  location: Pick<Location, 'origin' | 'pathname'> = window.location,
): string => `${location.origin}${location.pathname}#console=${encodeURIComponent(consoleId)}`

/**
 * Opens a console in a window of its own. That window attaches, which takes the console from this one (main
 * ends this window's stream with `moved`): the tab then offers to bring it back.
 */
export function detachConsole(consoleId: string, open: typeof window.open = window.open.bind(window)): void {
  open(consoleWindowUrl(consoleId), `pvedesk-console-${consoleId}`, 'popup,width=1024,height=720')
}
