import type { GuestAction, GuestRef } from '../../../../shared/model/guest-action'
import { useActionStore } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import type { AvailabilityKind } from './availability'
import { actionAvailability } from './availability'
import { guestFacts } from './guest-facts'
import { needsConfirmation, needsTypedName } from './guard-rails'

/** How an action was asked for. */
export interface RequestOrigin {
  /**
   * From a keyboard shortcut: one stray chord is enough, so a guard-railed guest (its tags, its pool) is asked
   * about even for what loses nothing much (shutdown, reboot, suspend).
   */
  byKey?: boolean
}

/** What a key runs at once on an ordinary guest but asks about first on a guard-railed one. */
const ASKED_BY_KEY: ReadonlySet<GuestAction['kind']> = new Set(['shutdown', 'reboot', 'suspend'])

/**
 * What asking for an action does, from a button, a menu item or a key: runs it at once when it loses nothing
 * (start, shutdown, reboot, suspend, resume), asks first when it does (stop, reset), opens the dialog of those
 * with options. Availability is checked again here: a key may come after the guest changed.
 */
export function requestAction(ref: GuestRef, kind: AvailabilityKind, origin: RequestOrigin = {}): void {
  const facts = guestFacts(useFleetStore.getState(), ref)
  if (facts === undefined || !actionAvailability(facts.entry, facts.guest, kind).enabled) return
  const store = useActionStore.getState()
  switch (kind) {
    case 'migrate':
    case 'backup':
    case 'snapshotCreate':
      store.open({ type: kind, guest: ref })
      return
    case 'snapshotRollback':
    case 'snapshotDelete':
      // These need a guest snapshot's name: GuestSnapshots asks through `requestGuestAction`.
      return
    case 'hibernate':
      requestGuestAction(ref, { kind: 'suspend', todisk: true }, origin)
      return
    default:
      requestGuestAction(ref, { kind }, origin)
  }
}

/** Runs a complete action, through the confirmation when it needs one. */
export function requestGuestAction(ref: GuestRef, action: GuestAction, origin: RequestOrigin = {}): void {
  const store = useActionStore.getState()
  const facts = guestFacts(useFleetStore.getState(), ref)
  const guardRailed =
    origin.byKey === true &&
    ASKED_BY_KEY.has(action.kind) &&
    facts !== undefined &&
    needsTypedName(facts.guest, store.preferences)
  if (needsConfirmation(action) || guardRailed) {
    store.open({ type: 'confirm', guest: ref, action })
    return
  }
  void store.perform(ref, facts?.guest.name ?? String(ref.vmid), action).then((error) => {
    if (error !== undefined) store.failed(ref, facts?.guest.name ?? String(ref.vmid), action.kind, error)
  })
}
