import { APP_HOST, APP_SCHEME } from './security'

/**
 * Which URLs count as "our renderer": the window loads only these, and the IPC transport accepts messages only
 * from frames at these. Origins are compared whole and exactly — never by prefix, which would let
 * `http://localhost:5173.evil.com` or `http://localhost:51730` pass for `http://localhost:5173`.
 */
export type AppUrlCheck = (url: string) => boolean

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * `app://pvedesk/…`. Checked field by field because WHATWG URL gives a scheme it does not know (`app:`) the
 * opaque origin `"null"`, whereas Chromium, where the scheme is registered as standard, gives `app://pvedesk`.
 */
export function isPackagedRendererUrl(url: string): boolean {
  const parsed = parse(url)
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/**
 * The development server's URL (`ELECTRON_RENDERER_URL`, set by `electron-vite dev`), honoured only by an
 * unpackaged build and only as http(s) on loopback: a packaged app always loads its own `app://pvedesk`.
 */
export function devRendererUrl(value: string | undefined, packaged: boolean): string | undefined {
  if (packaged || value === undefined || value === '') return undefined
  const parsed = parse(value)
  if (
    parsed === undefined ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    !LOOPBACK_HOSTS.has(parsed.hostname) ||
    parsed.username !== '' ||
    parsed.password !== ''
  )
    throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL on loopback, not ${value}`)
  return parsed.href
}

/** Our packaged origin, plus the development server's exact origin when there is one. */
export function appUrlCheck(devUrl: string | undefined): AppUrlCheck {
  const devOrigin = devUrl === undefined ? undefined : new URL(devUrl).origin
  return (url) => {
    if (isPackagedRendererUrl(url)) return true
    if (devOrigin === undefined) return false
    const parsed = parse(url)
    return parsed !== undefined && parsed.username === '' && parsed.origin === devOrigin
  }
}
