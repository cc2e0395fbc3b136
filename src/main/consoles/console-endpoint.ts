import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
import type { EndpointHealth } from '../../shared/model/fleet'
import { parseUpid } from '../../shared/upid'
import { checkEndpoint } from '../pve/endpoint-check'
import type { HttpMethod, Params } from '../pve/http-client'

/**
 * One endpoint chosen for a console, with its cluster's session: the POST and the websocket must use it both
 * (`PveClient.consoleEndpoint`, which re-exports this type).
 */
export interface ConsoleEndpoint {
  /** `https://host:8006` of the endpoint chosen. */
  readonly url: string
  /** The pinned SHA-256 fingerprint (colon hex); absent means "verify against the system CAs". */
  readonly fingerprint?: string
  readonly node?: string
  /** Who the session is: the ticket's username (`root@pam`) or the token id (`u@r!name`). */
  readonly authid: string
  readonly credentialKind: 'ticket' | 'token'
  /** POST/GET on THIS endpoint only, with the session (CSRF on writes); same error mapping as call(). */
  request(method: HttpMethod, path: string, params?: Params, signal?: AbortSignal): Promise<unknown>
  /** Headers for the websocket upgrade: Cookie PVEAuthCookie=… or Authorization PVEAPIToken=… (no CSRF). */
  upgradeHeaders(signal?: AbortSignal): Promise<Record<string, string>>
}

/** A console endpoint over one of a cluster's endpoints, with the session's identity and calls on it. */
export function consoleEndpointOf(
  endpoint: { fingerprint?: string; node?: string },
  url: string,
  authid: string,
  credential: 'password' | 'token',
  session: Pick<ConsoleEndpoint, 'request' | 'upgradeHeaders'>,
): ConsoleEndpoint {
  return {
    url,
    ...(endpoint.fingerprint === undefined ? {} : { fingerprint: endpoint.fingerprint }),
    ...(endpoint.node === undefined ? {} : { node: endpoint.node }),
    authid,
    credentialKind: credential === 'token' ? 'token' : 'ticket',
    request: session.request,
    upgradeHeaders: session.upgradeHeaders,
  }
}

/** `order` with a healthy endpoint of `node` first (a console there needs no SSH hop inside PVE). */
export function preferNode<T extends { endpoint: { node?: string }; health: EndpointHealth }>(
  order: T[],
  node: string | undefined,
): T[] {
  const preferred = order.find((s) => node !== undefined && s.endpoint.node === node)
  if (preferred === undefined || (preferred.health.state !== 'ok' && preferred.health.state !== 'unknown'))
    return order
  return [preferred, ...order.filter((s) => s !== preferred)]
}

/** Throws what a TLS handshake alone finds wrong with `endpoint` (down, or another certificate). */
export async function reachable(
  endpoint: { url: string; fingerprint?: string | undefined },
  timeoutMs: number,
  clusterId: string,
  signal?: AbortSignal,
): Promise<void> {
  const check = await checkEndpoint(endpoint, timeoutMs, clusterId, signal)
  if (check.state !== 'ok') throw check.error
}

/** The API path of a console's target: `/nodes/{node}` or `/nodes/{node}/{qemu|lxc}/{vmid}` (POST and websocket). */
export const consoleBase = (target: ConsoleTarget): string =>
  target.type === 'node' ? `/nodes/${target.node}` : `/nodes/${target.node}/${target.type}/${target.vmid}`

/** termproxy's and vncproxy's answer (the port travels as a string). */
export const ProxyAnswer = z.object({
  user: z.string().min(1),
  ticket: z.string().min(1).max(512),
  port: z.union([z.string(), z.number()]).transform(String),
  upid: z.string().optional(),
  password: z.string().optional(),
})
export type ProxyAnswer = z.infer<typeof ProxyAnswer>

/** Reads the POST's answer, refusing what is not PVE's (a port outside 5900–5999 is not a console's). */
export function readProxyAnswer(data: unknown, what: string): ProxyAnswer {
  const parsed = ProxyAnswer.safeParse(data)
  if (!parsed.success || !/^59\d\d$/.test(parsed.data.port)) {
    throw new AppError({ code: 'bad_response', message: `unreadable ${what} answer` })
  }
  return parsed.data
}

/**
 * What PVE says when a console cannot be opened, as `console_unavailable` with the reason for the renderer
 * (PVE's text stays the message): no serial port on a VM (qemu-server `termproxy`), a guest not running.
 */
export function consoleError(error: unknown): AppError {
  const appError = AppError.from(error)
  if (appError.code !== 'pve_error' && appError.code !== 'not_found') return appError
  const reason = unavailableReason(appError.message)
  if (reason === undefined) return appError
  return new AppError(
    { ...appError.toShape(), code: 'console_unavailable', detail: { ...appError.detail, reason } },
    { cause: appError },
  )
}

export function unavailableReason(text: string): string | undefined {
  if (/unable to find a serial interface/i.test(text)) return 'no_serial'
  if (/not running/i.test(text)) return 'not_running'
  if (/no spice port/i.test(text)) return 'no_spice'
  return undefined
}

/**
 * What PVE releases let an API token open (pve-manager 49395b74 "api: termproxy/vncwebsocket: allow tokens",
 * 9.0.13; qemu-server c9ee34b5 / pve-container 45d994c, shipped with 9.1.9, for the guests' termproxy; vncshell
 * still runs `verify_username`, which refuses a token id). What the UI says when a token cannot: from which release.
 */
export function tokenRequirement(target: ConsoleTarget, kind: 'terminal' | 'vnc'): string {
  if (target.type === 'node') return kind === 'vnc' ? 'none' : 'pve-manager 9.0.13'
  return kind === 'vnc' ? 'pve-manager 6.1' : 'pve-manager 9.1.9'
}

/**
 * A token refused where this PVE release refuses every token: `console_unavailable`, reason `token_unsupported`,
 * PVE's text kept. PVE says it as `value '<tokenid>' does not look like a valid user name` (a 500 of the POST)
 * or, for guest terminals, with termproxy's `authentication request failed` and no `OK`.
 */
export function tokenUnsupported(
  error: AppError,
  endpoint: Pick<ConsoleEndpoint, 'credentialKind'>,
  target: ConsoleTarget,
  kind: 'terminal' | 'vnc',
  log: readonly string[] = [],
): AppError {
  if (endpoint.credentialKind !== 'token') return error
  const said = [error.message, ...log].some((line) =>
    /does not look like a valid user name|authentication request failed/i.test(line),
  )
  if (!said) return error
  return new AppError(
    {
      ...error.toShape(),
      code: 'console_unavailable',
      detail: { ...error.detail, reason: 'token_unsupported', requires: tokenRequirement(target, kind) },
    },
    { cause: error },
  )
}

const TaskStatus = z.object({ status: z.string(), exitstatus: z.string().optional() })
const TaskLog = z.array(z.object({ t: z.string() }))

/** How a console's task ended: its exit status and the last lines of its log (where `qm vncproxy` says why). */
export interface TaskOutcome {
  exitstatus?: string
  log: string[]
}

/**
 * How a console's task (`vncshell`/`vncproxy`) ended, read on the endpoint that ran it: why a console closed
 * before it started ("unable to find a serial interface", "connection timed out", "VM 101 not running" in the
 * log of "Failed to run vncproxy."). Undefined when it cannot be read, or the task still runs after a few looks.
 */
export async function taskOutcome(
  endpoint: ConsoleEndpoint,
  upid: string | undefined,
  /** The node the console was opened on: its task runs there, and only a UPID of it is read. */
  node: string,
  signal?: AbortSignal,
  attempts = 5,
  pauseMs = 100,
): Promise<TaskOutcome | undefined> {
  // What PVE answered goes into a path on the session: only a well-formed UPID of this very node does.
  const parsed = upid === undefined ? undefined : parseUpid(upid)
  if (upid === undefined || parsed === undefined || parsed.node !== node) return undefined
  const base = `/nodes/${encodeURIComponent(parsed.node)}/tasks/${encodeURIComponent(upid)}`
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const status = TaskStatus.safeParse(await endpoint.request('GET', `${base}/status`, undefined, signal))
      if (!status.success) return undefined
      if (status.data.status === 'stopped') {
        const log = TaskLog.safeParse(
          await endpoint.request('GET', `${base}/log`, { limit: 50 }, signal).catch(() => []),
        )
        return {
          ...(status.data.exitstatus === undefined ? {} : { exitstatus: status.data.exitstatus }),
          log: log.success ? log.data.map((l) => l.t).slice(-20) : [],
        }
      }
    } catch {
      return undefined
    }
    if (signal?.aborted === true) return undefined
    await pause(pauseMs, signal)
  }
  return undefined
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * The console ended before it started: `pve_error` with the task's exit status, or `console_unavailable` when
 * the status or the log says why (no serial port, not running).
 */
export function closedBeforeStart(outcome: TaskOutcome | undefined, what: string): AppError {
  const exit = outcome?.exitstatus
  const why = [exit, ...(outcome?.log ?? []).toReversed()].find(
    (line) => line !== undefined && unavailableReason(line) !== undefined,
  )
  const reason = why === undefined ? undefined : unavailableReason(why)
  const told = exit === undefined || exit === 'OK' ? undefined : exit
  const message =
    told === undefined
      ? `the console closed before it started (${why ?? what})`
      : `the console closed before it started: ${told}${why !== undefined && why !== told ? ` (${why})` : ''}`
  const detail: Record<string, string> = {
    ...(reason === undefined ? {} : { reason }),
    ...(exit === undefined ? {} : { exitstatus: exit }),
  }
  return new AppError({
    code: reason === undefined ? 'pve_error' : 'console_unavailable',
    message,
    ...(Object.keys(detail).length === 0 ? {} : { detail }),
  })
}

/** What a terminal that ended at once may have printed, looked at for why: PVE's own words, not a session's. */
export const STARTUP_OUTPUT_BYTES = 1024

/**
 * Why a terminal that PVE closed was not a console at all, or undefined for an ordinary end (a shell's `exit`:
 * termproxy then fails with `exit code 1` too, so a failed task alone says nothing). termproxy starts its
 * program after `OK`, on the PTY: `qm terminal` (qemu-server PVE/CLI/qm.pm `terminal`) dies with "unable to find
 * a serial interface" or "VM <vmid> not running", lxc-console with "<vmid> is not running", on the terminal,
 * while the task says only that termproxy failed. So: a reason in the task's status or log, else, for a guest
 * whose terminal printed no more than {@link STARTUP_OUTPUT_BYTES} in all, a reason in that output, unless the
 * task is known to have ended OK.
 */
export function unavailableAtStart(
  outcome: TaskOutcome | undefined,
  output: string | undefined,
): AppError | undefined {
  const exit = outcome?.exitstatus
  const fromTask = [exit, ...(outcome?.log ?? []).toReversed()].find(
    (line) => line !== undefined && unavailableReason(line) !== undefined,
  )
  const fromOutput =
    fromTask !== undefined || output === undefined || exit === 'OK'
      ? undefined
      : output
          .split(/\r?\n/)
          .map((line) => line.trim())
          .toReversed()
          .find((line) => unavailableReason(line) !== undefined)
  const why = fromTask ?? fromOutput
  const reason = why === undefined ? undefined : unavailableReason(why)
  if (why === undefined || reason === undefined) return undefined
  return new AppError({
    code: 'console_unavailable',
    message: why,
    detail: { reason, ...(exit === undefined ? {} : { exitstatus: exit }) },
  })
}
