import { z } from 'zod'

/**
 * The closed set of error codes that cross the main/renderer boundary and the CLI's stderr. The renderer
 * translates each code (i18n key `error.<code>`); `message` is the technical detail for logs and tooltips.
 */
export const ErrorCode = z.enum([
  /** The server's certificate does not match the pinned fingerprint (or is not trusted at all). */
  'tls_untrusted',
  /** Wrong user name, password, token or second factor. */
  'auth_failed',
  /** The account needs its second factor (TOTP or a recovery code) to finish logging in. */
  'tfa_required',
  /** The session ticket expired and could not be renewed. */
  'auth_expired',
  /** Proxmox VE refused the call for lack of a privilege. */
  'forbidden',
  /** The cluster is marked read-only in PVE Desk: no change is sent to it. */
  'read_only',
  /** No endpoint of the cluster answered (refused, DNS, network). */
  'unreachable',
  /** The request took longer than its deadline. */
  'timeout',
  /** The caller cancelled the call, or the renderer that made it went away. */
  'cancelled',
  /** The thing asked for does not exist (cluster id, guest, node). */
  'not_found',
  /** The action conflicts with the current state (locked guest, already running). */
  'conflict',
  /** The caller's input failed validation (bad channel payload, bad parameter). */
  'invalid_request',
  /** Proxmox VE reported a failure of its own (its text is the message): a 5xx, a failed task. */
  'pve_error',
  /** Proxmox VE answered something we cannot read. */
  'bad_response',
  /** No OS keychain is available: PVE Desk refuses to store a secret anywhere else. */
  'keychain_unavailable',
  /** A settings file could not be read; it was moved aside, and the detail says where. */
  'settings_corrupt',
  /**
   * The console asked for does not exist on that guest or cannot be opened that way: no SPICE display
   * (`detail.reason: no_spice`), no serial port (`no_serial`), the guest is not running (`not_running`), or the
   * PVE version does not open consoles for API tokens (`token_unsupported`).
   */
  'console_unavailable',
  /** A program PVE Desk hands a console to is not installed (remote-viewer for SPICE: `detail.program`). */
  'viewer_missing',
  /**
   * A file is not a readable, intact inventory snapshot; nothing of it is loaded. `detail.reason`: `not_zip`,
   * `truncated`, `missing_member`, `too_large`, `newer_version`, `not_inventory`, `schema` (content does not
   * read), `manifest_mismatch`, `digest_mismatch` (content changed), `signature_invalid`, `signer_untrusted`
   * (a valid signature by a key other than the one required).
   */
  'inventory_invalid',
  /** Anything else: a bug on our side. */
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  clusterId: z.string().optional(),
  /** Extra structured detail, for example `{ expected, actual }` fingerprints for `tls_untrusted`. */
  detail: z.record(z.string(), z.string()).optional(),
})
export type AppErrorShape = z.infer<typeof AppErrorShape>

/** An error that carries one of our codes; what services throw and what the renderer client rethrows. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly clusterId: string | undefined
  readonly detail: Record<string, string> | undefined

  constructor(shape: AppErrorShape, options?: { cause?: unknown }) {
    super(shape.message, options)
    this.name = 'AppError'
    this.code = shape.code
    this.clusterId = shape.clusterId
    this.detail = shape.detail
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.clusterId === undefined ? {} : { clusterId: this.clusterId }),
      ...(this.detail === undefined ? {} : { detail: this.detail }),
    }
  }

  /** Converts anything thrown into an AppError, keeping our code when there is one. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error
    const message = error instanceof Error ? error.message : String(error)
    return new AppError({ code: 'internal', message }, { cause: error })
  }
}

/** The envelope every invoke returns: a value, or one of our errors. Never a thrown Error across IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

/** The schema of a result envelope around `value` (for tests and for validating replies where it pays). */
// eslint-disable-next-line @typescript-eslint/explicit-function-return-type -- the inferred zod type is the point
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorShape }),
  ])

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: AppErrorShape): Result<never> => ({ ok: false, error })
