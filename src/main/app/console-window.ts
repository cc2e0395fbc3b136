/**
 * Whether a window the renderer asks to open is a detached console window of ours: the opener's own page
 * (same scheme, host, port and path; no query, no credentials) with nothing but `#console=<id>` after it. Any
 * other URL is refused by the window-open handler, so a renderer that was made to open something else — a
 * remote page, another path of ours, a `javascript:` URL — gets no window, and above all no preload.
 * Compared field by field: WHATWG URL gives our `app:` scheme the opaque origin "null" (see origins.ts).
 */
export function isConsoleWindowUrl(url: string, openerUrl: string): boolean {
  let wanted: URL
  let opener: URL
  try {
    wanted = new URL(url)
    opener = new URL(openerUrl)
  } catch {
    return false
  }
  return (
    wanted.protocol === opener.protocol &&
    wanted.host === opener.host &&
    wanted.pathname === opener.pathname &&
    wanted.username === '' &&
    wanted.password === '' &&
    wanted.search === '' &&
    /^#console=[A-Za-z0-9-]{1,64}$/.test(wanted.hash)
  )
}
