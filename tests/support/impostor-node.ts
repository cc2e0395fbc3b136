import type { TLSSocket } from 'node:tls'
import { createServer } from 'node:tls'

import { createNodeCertificate } from '../pve-sim/tls'

/**
 * A TLS server of ours standing in for a Proxmox VE node (on a stopped node's port, or anywhere): it completes
 * handshakes with its own certificate and records every byte a client sends after the handshake — where a
 * password would arrive. It answers nothing.
 */
export interface ImpostorNode {
  readonly url: string
  readonly fingerprint: string
  /** TCP connections accepted so far (a handshake-only probe counts). */
  readonly connections: number
  /** Everything clients sent after their handshake, in order. */
  received(): string
  close(): Promise<void>
}

export async function startImpostor(port = 0): Promise<ImpostorNode> {
  const certificate = await createNodeCertificate('impostor', Date.now())
  const sockets = new Set<TLSSocket>()
  const chunks: Buffer[] = []
  let connections = 0
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    sockets.add(socket)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connection', () => connections++)
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('impostor has no port')
  return {
    url: `https://127.0.0.1:${address.port}`,
    fingerprint: certificate.fingerprint,
    get connections() {
      return connections
    },
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
