import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestVisualState } from '../../components/StatusIcon'

/** The one state to show for a guest: a template is a template, a lock matters more than power state. */
export function guestVisualState(guest: FleetGuest): GuestVisualState {
  if (guest.template) return 'template'
  if (guest.lock !== undefined) return 'locked'
  if (guest.status === 'running' && (guest.qmpstatus === 'paused' || guest.qmpstatus === 'suspended'))
    return 'paused'
  return guest.status
}
