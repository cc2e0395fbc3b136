import { AppError } from '../../shared/ipc/errors'
import { missingPrivilege } from '../../shared/model/permissions'
import { CertificatePinError } from './pinning'

/** Network error codes that mean "nobody answered there": try the next endpoint, back off. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
])
/** TLS failures against the system CAs (no pin configured). */
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT)/

/** Maps a transport failure (socket, TLS, timeout) to our error codes. */
export function transportError(error: unknown, clusterId: string, url: string): AppError {
  if (error instanceof AppError) return error
  if (error instanceof CertificatePinError) {
    return new AppError(
      {
        code: 'tls_untrusted',
        clusterId,
        message: `The certificate of ${url} changed: it is not the one you trusted.`,
        detail: { url, expected: error.expected, actual: error.actual },
      },
      { cause: error },
    )
  }
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  // The caller's signal (Retry now, dispose, a renderer gone): nobody failed, nobody answered either.
  if (error instanceof Error && error.name === 'AbortError')
    return new AppError({ code: 'cancelled', clusterId, message: `${url}: cancelled`, detail: { url } })
  if (typeof code === 'string' && TLS_CODES.test(code)) {
    return new AppError({ code: 'tls_untrusted', clusterId, message: `${url}: ${message}`, detail: { url } })
  }
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new AppError({ code: 'unreachable', clusterId, message: `${url}: ${message}`, detail: { url } })
  }
  return new AppError(
    { code: 'unreachable', clusterId, message: `${url}: ${message}`, detail: { url } },
    { cause: error },
  )
}

/**
 * Maps a Proxmox VE HTTP error to our codes. PVE puts the error text in the reason phrase and often sends an
 * empty body, so `reason` is the message; a 400 carries an `errors` map, kept as detail.
 */
export function httpError(
  status: number,
  reason: string,
  body: unknown,
  context: { clusterId: string; url: string; login: boolean },
): AppError {
  const { clusterId, url } = context
  const message = reason.trim() || `HTTP ${status}`
  const base = { clusterId, message }
  if (status === 401) return new AppError({ ...base, code: context.login ? 'auth_failed' : 'auth_expired' })
  if (status === 403) {
    // PVE names what was missing ("Permission check failed (/vms/100, VM.PowerMgmt)"): keep it for the UI.
    const missing = missingPrivilege(message)
    return new AppError({ ...base, code: 'forbidden', ...(missing === undefined ? {} : { detail: missing }) })
  }
  if (status === 400) {
    const errors = (body as { errors?: unknown } | null)?.errors
    const detail: Record<string, string> = {}
    if (errors !== null && typeof errors === 'object') {
      for (const [k, v] of Object.entries(errors)) detail[k] = String(v).trim()
    }
    return new AppError({ ...base, code: 'invalid_request', detail })
  }
  if (status === 500 && /does not exist|no such/i.test(message))
    return new AppError({ ...base, code: 'not_found' })
  if (status >= 595) return new AppError({ ...base, code: 'unreachable', detail: { url } })
  return new AppError({ ...base, code: 'pve_error', detail: { status: String(status) } })
}
