import type { FleetGuest } from '../../../../shared/model/fleet'
import type { ActionPreferences, GuestAction } from '../../../../shared/model/guest-action'
import { LOSES_STATE } from '../../../../shared/model/guest-action'

/** Does this action ask before it runs? What loses state, and a migration that copies local disks. */
export function needsConfirmation(action: GuestAction): boolean {
  return LOSES_STATE.has(action.kind) || (action.kind === 'migrate' && action.withLocalDisks === true)
}

/**
 * Must the user type the guest's name to confirm? When one of its tags or its pool is among the preferences'
 * (case-insensitive, as PVE compares tags), e.g. `prod`.
 */
export function needsTypedName(
  guest: Pick<FleetGuest, 'tags' | 'pool'>,
  preferences: Pick<ActionPreferences, 'typeNameTags' | 'typeNamePools'>,
): boolean {
  const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.trim().toLowerCase()))
  const tags = lower(preferences.typeNameTags)
  if (guest.tags.some((tag) => tags.has(tag.toLowerCase()))) return true
  return guest.pool !== undefined && lower(preferences.typeNamePools).has(guest.pool.toLowerCase())
}

/** The typed text confirms when it is the guest's name exactly, spaces around it aside. */
export function typedNameMatches(typed: string, name: string): boolean {
  return typed.trim() === name
}
