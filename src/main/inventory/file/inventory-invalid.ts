import { AppError } from '../../../shared/ipc/errors'

/** The reasons a file is not an intact inventory snapshot (`detail.reason`; i18n `errorReason.<reason>`). */
export type InvalidReason =
  | 'not_zip'
  | 'truncated'
  | 'missing_member'
  | 'too_large'
  | 'newer_version'
  | 'not_inventory'
  | 'schema'
  | 'manifest_mismatch'
  | 'digest_mismatch'
  | 'signature_invalid'
  | 'signer_untrusted'

export function inventoryInvalid(
  reason: InvalidReason,
  message: string,
  detail: Record<string, string> = {},
): AppError {
  return new AppError({ code: 'inventory_invalid', message, detail: { ...detail, reason } })
}

export function isInventoryInvalid(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'inventory_invalid'
}
