// The control API's disaster-recovery routes: break and heal a replication job, make a guest's backups stale
// or failed and heal them, take a cluster's quorum away and give it back (see dr-steering.ts).

import { z } from 'zod'

export interface DrActions {
  breakReplication(clusterId: string, id: string, error?: string): void
  healReplication(clusterId: string, id: string): void
  /** Returns how many archives moved. */
  staleBackups(clusterId: string, vmid: number, hours: number): number
  /** Returns the failed task's UPID. */
  failBackup(clusterId: string, vmid: number, error?: string): string
  /** Returns the good task's UPID. */
  healBackups(clusterId: string, vmid: number): string
  setQuorum(clusterId: string, quorate: boolean): void
}

export interface DrReply {
  status: number
  body: unknown
}

type DrHandler = (actions: DrActions, match: RegExpExecArray, body: unknown) => DrReply

const ErrorBody = z.object({ error: z.string().min(1).max(500).optional() }).strict()
const StaleBody = z
  .object({
    hours: z
      .number()
      .positive()
      .max(24 * 3650),
  })
  .strict()
const QuorumBody = z.object({ quorate: z.boolean() }).strict()

const done = (extra: Record<string, unknown> = {}): DrReply => ({ status: 200, body: { ok: true, ...extra } })
const badRequest = (message: string): DrReply => ({ status: 400, body: { error: message } })
const part = (match: RegExpExecArray, i: number): string => decodeURIComponent(match[i] ?? '')

export const DR_ROUTES: readonly [method: string, pattern: RegExp, handler: DrHandler][] = [
  [
    'POST',
    /^\/replication\/([^/]+)\/([^/]+)\/break$/,
    (a, m, body) => {
      const parsed = ErrorBody.safeParse(body)
      if (!parsed.success) return badRequest('body must be {} or {"error":"…"}')
      a.breakReplication(part(m, 1), part(m, 2), parsed.data.error)
      return done()
    },
  ],
  [
    'POST',
    /^\/replication\/([^/]+)\/([^/]+)\/heal$/,
    (a, m) => {
      a.healReplication(part(m, 1), part(m, 2))
      return done()
    },
  ],
  [
    'POST',
    /^\/backups\/([^/]+)\/(\d+)\/stale$/,
    (a, m, body) => {
      const parsed = StaleBody.safeParse(body)
      if (!parsed.success) return badRequest('body must be {"hours":N} with N > 0')
      return done({ archives: a.staleBackups(part(m, 1), Number(m[2]), parsed.data.hours) })
    },
  ],
  [
    'POST',
    /^\/backups\/([^/]+)\/(\d+)\/failed$/,
    (a, m, body) => {
      const parsed = ErrorBody.safeParse(body)
      if (!parsed.success) return badRequest('body must be {} or {"error":"…"}')
      return done({ upid: a.failBackup(part(m, 1), Number(m[2]), parsed.data.error) })
    },
  ],
  [
    'POST',
    /^\/backups\/([^/]+)\/(\d+)\/heal$/,
    (a, m) => done({ upid: a.healBackups(part(m, 1), Number(m[2])) }),
  ],
  [
    'POST',
    /^\/clusters\/([^/]+)\/quorum$/,
    (a, m, body) => {
      const parsed = QuorumBody.safeParse(body)
      if (!parsed.success) return badRequest('body must be {"quorate":true|false}')
      a.setQuorum(part(m, 1), parsed.data.quorate)
      return done()
    },
  ],
]
