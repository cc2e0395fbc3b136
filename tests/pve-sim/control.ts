// The control API: plain HTTP on loopback, JSON in and out, for tests and demos to steer the fake fleet:
// flip and move guests, stop/start nodes, rotate certificates, move the clock, inject faults, reset everything.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'

import { z } from 'zod'

import type { DrActions } from './control-dr'
import { DR_ROUTES } from './control-dr'
import type { FaultSpec } from './faults'
import { readBody } from './http'
import { SimError } from './model'
import { settleHandles } from './node-server'
import type { ForeignTask, GuestLock } from './steering'
import { GUEST_LOCKS } from './steering'
import { POWER_ACTIONS } from './tasks/power'
import type { GuestPowerState } from './types'

export interface ControlActions extends DrActions {
  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void
  moveGuest(clusterId: string, vmid: number, node: string): void
  lockGuest(clusterId: string, vmid: number, lock: GuestLock | null): void
  failNextMigration(clusterId: string, vmid: number, error: string): void
  /** Returns the UPID. */
  startTask(clusterId: string, spec: ForeignTask): string
  stopNode(node: string): Promise<void>
  startNode(node: string): Promise<void>
  /** Returns the new fingerprint. */
  rotateCertificate(node: string): Promise<string>
  tick(): void
  advanceClock(seconds: number): void
  clock(): { now: number; offsetSeconds: number }
  setFaults(spec: Partial<FaultSpec>, node?: string): void
  faults(): unknown
  reset(): Promise<void>
  health(): unknown
  /** The console sessions open now. */
  consoles(): unknown
}

const GuestStatusBody = z.object({ status: z.enum(['running', 'stopped']) })
const MoveBody = z.object({ node: z.string().min(1) })
const LockBody = z.object({ lock: z.enum(GUEST_LOCKS).nullable() }).strict()
const FailBody = z
  .object({ action: z.literal('migrate'), error: z.string().min(1).max(500).optional() })
  .strict()
const NAME = z.string().min(1).max(64)
const USER = z
  .string()
  .regex(/^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+(?:![A-Za-z][A-Za-z0-9.\-_]+)?$/)
  .optional()
const TaskBody = z.union([
  z
    .object({
      action: z.enum([...POWER_ACTIONS, 'migrate', 'vzdump']),
      vmid: z.number().int().min(100).max(999_999_999),
      user: USER,
      target: NAME.optional(),
      storage: NAME.optional(),
      ignoreSigterm: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
      node: NAME,
      user: USER,
      id: z
        .string()
        .regex(/^[^:\s/]{0,64}$/)
        .optional(),
      seconds: z.number().nonnegative().max(86_400).optional(),
      exitstatus: z.string().min(1).max(500).optional(),
      ignoreSigterm: z.boolean().optional(),
    })
    .strict(),
])
/** What a guest's next migration fails with when the control call names no error. */
const DEFAULT_MIGRATION_ERROR = "storage migration for 'local-lvm:vm-0-disk-0' failed - simulated failure"

const AdvanceBody = z.object({ seconds: z.number().nonnegative() })
const FaultsBody = z
  .object({
    node: z.string().min(1).optional(),
    latencyMs: z.number().int().nonnegative().max(600_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    hang: z.boolean().optional(),
    dripBytesPerSecond: z.number().int().nonnegative().max(100_000_000).optional(),
    // Up to 16 GiB: the answer is streamed from one reused chunk, never held in memory.
    oversizeBytes: z
      .number()
      .int()
      .nonnegative()
      .max(16 * 1024 ** 3)
      .optional(),
    oversizeChunked: z.boolean().optional(),
  })
  .strict()

interface ControlReply {
  status: number
  body: unknown
}

const done = (extra: Record<string, unknown> = {}): ControlReply => ({
  status: 200,
  body: { ok: true, ...extra },
})
const notFound = (message = 'not found'): ControlReply => ({ status: 404, body: { error: message } })
const badRequest = (message: string): ControlReply => ({ status: 400, body: { error: message } })

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? {} : JSON.parse(text)
  } catch {
    return undefined
  }
}

type Handler = (actions: ControlActions, match: RegExpExecArray, body: unknown) => Promise<ControlReply>

const ROUTES: readonly [method: string, pattern: RegExp, handler: Handler][] = [
  ['GET', /^\/health$/, (a) => Promise.resolve({ status: 200, body: a.health() })],
  ['GET', /^\/consoles$/, (a) => Promise.resolve({ status: 200, body: { consoles: a.consoles() } })],
  [
    'POST',
    /^\/tick$/,
    (a) => {
      a.tick()
      return Promise.resolve(done())
    },
  ],
  [
    'POST',
    /^\/nodes\/([^/]+)\/(stop|start)$/,
    async (a, m) => {
      const name = decodeURIComponent(m[1] ?? '')
      await (m[2] === 'stop' ? a.stopNode(name) : a.startNode(name))
      return done()
    },
  ],
  [
    'POST',
    /^\/nodes\/([^/]+)\/rotate-certificate$/,
    async (a, m) => done({ fingerprint: await a.rotateCertificate(decodeURIComponent(m[1] ?? '')) }),
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/guests\/(\d+)\/status$/,
    (a, m, body) => {
      const parsed = GuestStatusBody.safeParse(body)
      if (!parsed.success) return Promise.resolve(badRequest('body must be {"status":"running"|"stopped"}'))
      a.setGuestStatus(decodeURIComponent(m[1] ?? ''), Number(m[2]), parsed.data.status)
      return Promise.resolve(done())
    },
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/guests\/(\d+)\/move$/,
    (a, m, body) => {
      const parsed = MoveBody.safeParse(body)
      if (!parsed.success) return Promise.resolve(badRequest('body must be {"node":"<node>"}'))
      a.moveGuest(decodeURIComponent(m[1] ?? ''), Number(m[2]), parsed.data.node)
      return Promise.resolve(done())
    },
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/guests\/(\d+)\/lock$/,
    (a, m, body) => {
      const parsed = LockBody.safeParse(body)
      if (!parsed.success) return Promise.resolve(badRequest('body must be {"lock":"<lock>"|null}'))
      a.lockGuest(decodeURIComponent(m[1] ?? ''), Number(m[2]), parsed.data.lock)
      return Promise.resolve(done())
    },
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/guests\/(\d+)\/fail$/,
    (a, m, body) => {
      const parsed = FailBody.safeParse(body)
      if (!parsed.success)
        return Promise.resolve(badRequest('body must be {"action":"migrate","error"?:"…"}'))
      const vmid = Number(m[2])
      a.failNextMigration(
        decodeURIComponent(m[1] ?? ''),
        vmid,
        parsed.data.error ?? DEFAULT_MIGRATION_ERROR.replace('vm-0-', `vm-${vmid}-`),
      )
      return Promise.resolve(done())
    },
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/tasks$/,
    (a, m, body) => {
      const parsed = TaskBody.safeParse(body)
      if (!parsed.success) {
        return Promise.resolve(
          badRequest(
            'body must be {"action":"start|stop|…|migrate|vzdump","vmid":N,"user"?,"target"?,"storage"?,"ignoreSigterm"?} or {"type":"…","node":"…","user"?,"id"?,"seconds"?,"exitstatus"?,"ignoreSigterm"?}',
          ),
        )
      }
      const spec: ForeignTask = parsed.data
      return Promise.resolve(done({ upid: a.startTask(decodeURIComponent(m[1] ?? ''), spec) }))
    },
  ],
  ['GET', /^\/clock$/, (a) => Promise.resolve({ status: 200, body: a.clock() })],
  [
    'POST',
    /^\/clock\/advance$/,
    (a, _m, body) => {
      const parsed = AdvanceBody.safeParse(body)
      if (!parsed.success) return Promise.resolve(badRequest('body must be {"seconds":N} with N >= 0'))
      a.advanceClock(parsed.data.seconds)
      return Promise.resolve(done(a.clock()))
    },
  ],
  ['GET', /^\/faults$/, (a) => Promise.resolve({ status: 200, body: a.faults() })],
  [
    'POST',
    /^\/faults$/,
    (a, _m, body) => {
      const parsed = FaultsBody.safeParse(body)
      if (!parsed.success) {
        return Promise.resolve(
          badRequest(
            'body must be {"latencyMs"?:N,"errorRate"?:0..1,"hang"?:bool,"dripBytesPerSecond"?:N,"oversizeBytes"?:N,"oversizeChunked"?:bool,"node"?:"name"}',
          ),
        )
      }
      const { node, ...spec } = parsed.data
      a.setFaults(spec, node)
      return Promise.resolve(done({ faults: a.faults() }))
    },
  ],
  [
    'POST',
    /^\/reset$/,
    async (a) => {
      await a.reset()
      return done()
    },
  ],
]

async function route(
  actions: ControlActions,
  method: string,
  path: string,
  text: string,
): Promise<ControlReply> {
  for (const [m, pattern, handler] of ROUTES) {
    const match = pattern.exec(path)
    if (match === null || m !== method) continue
    const body = parseJson(text)
    if (body === undefined) return badRequest('body is not JSON')
    return handler(actions, match, body)
  }
  for (const [m, pattern, handler] of DR_ROUTES) {
    const match = pattern.exec(path)
    if (match === null || m !== method) continue
    const body = parseJson(text)
    if (body === undefined) return badRequest('body is not JSON')
    return handler(actions, match, body)
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
