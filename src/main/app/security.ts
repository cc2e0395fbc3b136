/**
 * The renderer's Content-Security-Policy: only our own scripts, no eval, no remote content. Styles allow inline
 * style attributes (the UI kit sets them); connections only to our own origin (consoles come over IPC).
 */
export function contentSecurityPolicy(connectSrc: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The scheme and host the packaged renderer is served from, so that the IPC origin check means something. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'pvedesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
