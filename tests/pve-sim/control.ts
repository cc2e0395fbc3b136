// The control API: plain HTTP on loopback, JSON in and out, for tests and demos to steer the fake fleet.
// It will grow into the fault-injection API; v0 flips guests, stops and starts nodes, and ticks.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'

import { z } from 'zod'

import { readBody } from './http'
import { SimError } from './model'
import { settleHandles } from './node-server'
import type { GuestPowerState } from './types'

export interface ControlActions {
  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void
  stopNode(node: string): Promise<void>
  startNode(node: string): Promise<void>
  tick(): void
  health(): unknown
}

const GuestStatusBody = z.object({ status: z.enum(['running', 'stopped']) })

interface ControlReply {
  status: number
  body: unknown
}

const done: ControlReply = { status: 200, body: { ok: true } }
const notFound = (message = 'not found'): ControlReply => ({ status: 404, body: { error: message } })
const badRequest = (message: string): ControlReply => ({ status: 400, body: { error: message } })

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

async function route(
  actions: ControlActions,
  method: string,
  path: string,
  body: string,
): Promise<ControlReply> {
  if (method === 'GET' && path === '/health') return { status: 200, body: actions.health() }
  if (method === 'POST' && path === '/tick') {
    actions.tick()
    return done
  }
  const node = /^\/nodes\/([^/]+)\/(stop|start)$/.exec(path)
  if (method === 'POST' && node?.[1] !== undefined) {
    const name = decodeURIComponent(node[1])
    await (node[2] === 'stop' ? actions.stopNode(name) : actions.startNode(name))
    return done
  }
  const guest = /^\/clusters\/([^/]+)\/guests\/(\d+)\/status$/.exec(path)
  if (method === 'POST' && guest?.[1] !== undefined && guest[2] !== undefined) {
    const parsed = GuestStatusBody.safeParse(parseJson(body))
    if (!parsed.success) return badRequest('body must be {"status":"running"|"stopped"}')
    actions.setGuestStatus(decodeURIComponent(guest[1]), Number(guest[2]), parsed.data.status)
    return done
  }
  return notFound()
}

export class ControlServer {
  private server: Server | undefined
  private boundUrl = ''

  constructor(private readonly actions: ControlActions) {}

  get url(): string {
    return this.boundUrl
  }

  async start(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        process.stderr.write(`pve-sim control: ${String(err)}\n`)
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: 'internal error' }))
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('pve-sim: no TCP address')
    this.boundUrl = `http://${host}:${address.port}`
    this.server = server
  }

  async stop(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    this.server = undefined
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
    server.closeAllConnections()
    await closed
    await settleHandles()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    let reply: ControlReply
    try {
      reply = await route(this.actions, req.method ?? 'GET', path, body)
    } catch (err) {
      if (!(err instanceof SimError)) throw err
      reply = err.kind === 'not_found' ? notFound(err.message) : { status: 409, body: { error: err.message } }
    }
    const payload = JSON.stringify(reply.body)
    res.writeHead(reply.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(payload),
    })
    res.end(payload)
  }
}
