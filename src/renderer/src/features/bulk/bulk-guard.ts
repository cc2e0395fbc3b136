import type { BulkActionKind, BulkPlanEntry } from '../../../../shared/model/bulk'
import type { FleetGuest } from '../../../../shared/model/fleet'
import type { ActionPreferences } from '../../../../shared/model/guest-action'
import { needsTypedName, typedNameMatches } from '../actions/guard-rails'

/** Bulk actions that always ask once more (they lose what memory held), whoever the guests are. */
export const ASKS_AGAIN: ReadonlySet<BulkActionKind> = new Set(['stop'])

/**
 * Bulk actions after which a protected guest (the guard rails' tags and pools) must be confirmed by typing, as
 * one guest's dialog does: what loses state (stop) and what takes a guest down (shutdown, reboot, suspend).
 */
export const GUARDED: ReadonlySet<BulkActionKind> = new Set(['stop', 'shutdown', 'reboot', 'suspend'])

/** At most this many protected guests are confirmed by their names; beyond it, by their number. */
export const NAMES_AT_MOST = 3

/** The name to type for a guest: its name, or its vmid when it has none (an empty text never confirms). */
export const nameToType = (entry: Pick<BulkPlanEntry, 'name' | 'vmid'>): string =>
  entry.name === '' ? String(entry.vmid) : entry.name

/**
 * The entries of a plan that will run on a protected guest. A guest the window no longer knows (gone from the
 * fleet between the plan and now) counts as protected: its tags cannot be read, so the typing is not waived.
 */
export function protectedEntries(
  action: BulkActionKind,
  entries: readonly BulkPlanEntry[],
  guestOf: (entry: BulkPlanEntry) => Pick<FleetGuest, 'tags' | 'pool'> | undefined,
  preferences: Pick<ActionPreferences, 'typeNameTags' | 'typeNamePools'>,
): BulkPlanEntry[] {
  if (!GUARDED.has(action)) return []
  return entries.filter((entry) => {
    if (!entry.run) return false
    const guest = guestOf(entry)
    return guest === undefined || needsTypedName(guest, preferences)
  })
}

/** What must be typed: each protected guest's name (few), or their number (many); nothing when none. */
export type TypedProof =
  { kind: 'none' } | { kind: 'names'; names: string[] } | { kind: 'count'; count: number }

export function typedProof(guarded: readonly BulkPlanEntry[]): TypedProof {
  if (guarded.length === 0) return { kind: 'none' }
  if (guarded.length <= NAMES_AT_MOST) return { kind: 'names', names: guarded.map(nameToType) }
  return { kind: 'count', count: guarded.length }
}

/** Does what was typed (one text per name, or one for the number) confirm? */
export function proofMatches(proof: TypedProof, typed: readonly string[]): boolean {
  switch (proof.kind) {
    case 'none':
      return true
    case 'names':
      return proof.names.every((name, i) => typedNameMatches(typed[i] ?? '', name))
    case 'count':
      return (typed[0] ?? '').trim() === String(proof.count)
  }
}
