// One node's pveproxy: an HTTPS listener that can go away (socket closed, open connections cut) and come
// back on the same port with the same certificate, as a node that reboots or drops off the network.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { Server } from 'node:https'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

import type { NodeCertificate } from './tls'

/**
 * libuv frees a closed handle in the loop's close phase, after the JS 'close' events; two turns of the loop
 * later no closed server or socket is listed by process.getActiveResourcesInfo() any more.
 */
export async function settleHandles(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>
/** A websocket upgrade request (the console relays). */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

export class NodeServer {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private boundPort = 0

  constructor(
    readonly node: string,
    private readonly host: string,
    private certificate: NodeCertificate,
    private readonly onRequest: RequestListener,
    private readonly onUpgrade?: UpgradeListener,
  ) {}

  get port(): number {
    return this.boundPort
  }

  get url(): string {
    return `https://${this.host}:${this.boundPort}`
  }

  get fingerprint(): string {
    return this.certificate.fingerprint
  }

  get currentCertificate(): NodeCertificate {
    return this.certificate
  }

  /**
   * A new key and certificate on the same port. As on a real node, where `pvenode cert set` restarts pveproxy,
   * open connections are cut: every client meets the new certificate on its next request.
   */
  setCertificate(certificate: NodeCertificate): void {
    this.certificate = certificate
    this.server?.setSecureContext({ key: certificate.key, cert: certificate.cert })
    for (const socket of this.sockets) socket.destroy()
  }

  get listening(): boolean {
    return this.server !== undefined
  }

  /** Listens on the port it had before, or on a free one the first time. */
  async start(): Promise<void> {
    if (this.server !== undefined) return
    const server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        process.stderr.write(`pve-sim ${this.node}: ${String(err)}\n`)
        if (!res.headersSent) res.writeHead(500, 'internal error', { Connection: 'close' })
        res.end()
      })
    })
    // Track the raw TCP sockets and the TLS sockets over them, so that stop() can cut every one.
    server.on('connection', (socket: Socket) => {
      this.track(socket)
    })
    server.on('secureConnection', (socket: Socket) => {
      this.track(socket)
    })
    if (this.onUpgrade !== undefined) server.on('upgrade', this.onUpgrade)
    // A client that drops mid-handshake is its own business, not a server crash.
    server.on('tlsClientError', (_err, socket) => socket.destroy())
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('pve-sim: no TCP address')
    this.boundPort = address.port
    this.server = server
  }

  /** Stops answering at once: the listening socket closes and every open connection is cut. */
  async stop(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    this.server = undefined
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
    const sockets = [...this.sockets]
    const socketsClosed = sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve)))
    for (const socket of sockets) socket.destroy()
    await Promise.all([closed, ...socketsClosed])
    await settleHandles()
  }

  private track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
  }

  /** Runs fn after ms unless the node stops first (delayed 401s, latency, console timeouts); returns a cancel. */
  later(ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, ms)
    this.timers.add(timer)
    return () => {
      clearTimeout(timer)
      this.timers.delete(timer)
    }
  }
}
