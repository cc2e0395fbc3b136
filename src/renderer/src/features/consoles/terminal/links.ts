/**
 * Opens a link clicked in a terminal, in the system's browser (main's window-open handler sends http(s) there).
 * The addon's default handler opens a blank window and then sets its location, which Electron's handler never
 * sees as a URL: the link would be dead. Anything but http(s) (file:, javascript:) is not opened.
 */
export function openTerminalLink(_event: MouseEvent, uri: string): void {
  if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener')
}
