import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
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

const TaskStatus = z.object({ status: z.string(), exitstatus: z.string().optional() })

/**
 * The exit status of a console's task (`vncshell`/`vncproxy`), read on the endpoint that ran it: why a console
 * closed before it started ("unable to find a serial interface", "connection timed out"). Undefined when it
 * cannot be read or the task still runs after a few short looks.
 */
export async function taskExitStatus(
  endpoint: ConsoleEndpoint,
  upid: string | undefined,
  signal?: AbortSignal,
  attempts = 5,
  pauseMs = 100,
): Promise<string | undefined> {
  const node = upid?.split(':')[1]
  if (upid === undefined || node === undefined || node === '') return undefined
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const data = await endpoint.request(
        'GET',
        `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`,
        undefined,
        signal,
      )
      const parsed = TaskStatus.safeParse(data)
      if (!parsed.success) return undefined
      if (parsed.data.status === 'stopped') return parsed.data.exitstatus
    } catch {
      return undefined
    }
    if (signal?.aborted === true) return undefined
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, pauseMs)
      function done(): void {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    })
  }
  return undefined
}

/** The console ended before it started: `pve_error` (or `console_unavailable`) with the task's exit status. */
export function closedBeforeStart(exit: string | undefined, what: string): AppError {
  const message =
    exit === undefined || exit === 'OK'
      ? `the console closed before it started (${what})`
      : `the console closed before it started: ${exit}`
  const reason = exit === undefined ? undefined : unavailableReason(exit)
  return new AppError({
    code: reason === undefined ? 'pve_error' : 'console_unavailable',
    message,
    ...(reason === undefined && exit === undefined
      ? {}
      : {
          detail: {
            ...(reason === undefined ? {} : { reason }),
            ...(exit === undefined ? {} : { exitstatus: exit }),
          },
        }),
  })
}
