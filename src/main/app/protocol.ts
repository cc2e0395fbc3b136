import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

import { protocol } from 'electron'

import { APP_HOST, APP_SCHEME } from './security'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Must run before `app.whenReady()`: our scheme is standard and secure, like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built renderer from `rendererDir` under `app://pvedesk/`, refusing any path outside it. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (url.host !== APP_HOST || !file.startsWith(rendererDir + sep))
      return new Response(null, { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' },
      })
    } catch {
      return new Response(null, { status: 404 })
    }
  })
}
