import { mkdtempSync, writeFileSync } from 'node:fs'
import type { Server, Socket } from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'

// Long calls from a page end when the page cancels them or goes away: against an endpoint that accepts the
// connection and then says nothing (its TLS handshake never completes), well within a one-minute deadline.

let services: MainServices
let silent: Server
let url: string
const connections: Socket[] = []

beforeAll(async () => {
  silent = createServer((socket) => {
    connections.push(socket)
    socket.on('error', () => undefined)
    // Reads (and drops) the ClientHello, so that it notices when the other side hangs up.
    socket.resume()
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const address = silent.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  url = `https://127.0.0.1:${address.port}`
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-cancel-'))
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ schemaVersion: 1, pollIntervalMs: 60_000, timeoutMs: 60_000, clusters: [] }),
  )
  services = await createMainServices({
    home,
    vault: new MemoryVault(),
    info: { version: '0', locale: 'en', host: 'browser' },
  })
})
afterAll(async () => {
  services.dispose()
  for (const socket of connections) socket.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

/** Resolves when the endpoint sees the connection it was handed closed by PVE Desk. */
async function nextConnectionClosed(): Promise<void> {
  const before = connections.length
  await vi.waitFor(() => expect(connections.length).toBe(before + 1))
  const socket = connections[before] as Socket
  if (socket.closed) return
  await new Promise((resolve) => socket.once('close', resolve))
}

const draft = (): unknown => ({
  cluster: {
    id: 'silent',
    name: 'Silent',
    endpoints: [{ url, fingerprint: `${'AB:'.repeat(31)}AB` }],
    auth: { kind: 'password', username: 'root@pam' },
  },
  secret: 'not-sent-anywhere-real',
})

describe('long IPC calls', () => {
  it('a certificate probe the page cancels stops at once and closes its connection', async () => {
    const page = services.router.attach({ id: 'page-1', send: () => undefined })
    const call = services.router.invoke('page-1', 'cluster:probe', { url }, 1)
    const closed = nextConnectionClosed()
    await vi.waitFor(() => expect(connections.length).toBeGreaterThan(0))
    services.router.cancel('page-1', 1)
    expect(await call).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    await closed
    page.dispose()
  })

  it('a connection test whose page goes away stops and closes its connection', async () => {
    const page = services.router.attach({ id: 'page-2', send: () => undefined })
    const before = connections.length
    const call = services.router.invoke('page-2', 'cluster:test', draft())
    const closed = nextConnectionClosed()
    await vi.waitFor(() => expect(connections.length).toBe(before + 1))
    page.dispose()
    expect(await call).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    await closed
  })
})
