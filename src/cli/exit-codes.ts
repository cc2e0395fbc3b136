import type { ErrorCode } from '../shared/ipc/errors'

/** One exit status per kind of failure, so that scripts and cron can tell them apart. Documented in the README. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  tls: 3,
  auth: 4,
  forbidden: 5,
  unreachable: 6,
  notFound: 7,
  failed: 8,
  keychain: 9,
  /** An inventory snapshot that is unreadable, changed, or not signed as required. */
  inventoryInvalid: 10,
  /** `pvedesk dr`: at least one guest is red (its protection misses its target). */
  drRed: 11,
  /** Ctrl-C (128 + SIGINT, as shells report it): the command stopped waiting; what it started goes on in PVE. */
  interrupted: 130,
} as const

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'tls_untrusted':
      return EXIT.tls
    case 'auth_failed':
    case 'auth_expired':
    case 'tfa_required':
      return EXIT.auth
    case 'forbidden':
    case 'read_only':
      return EXIT.forbidden
    case 'unreachable':
    case 'timeout':
      return EXIT.unreachable
    case 'not_found':
      return EXIT.notFound
    case 'invalid_request':
      return EXIT.usage
    case 'keychain_unavailable':
      return EXIT.keychain
    case 'pve_error':
    case 'cancelled':
    case 'conflict':
    case 'bad_response':
    case 'settings_corrupt':
    case 'console_unavailable':
    case 'viewer_missing':
      return EXIT.failed
    case 'inventory_invalid':
      return EXIT.inventoryInvalid
    case 'internal':
      return EXIT.internal
  }
}
