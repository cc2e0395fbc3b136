/**
 * The guest panel's reads, one per tab (panel-service.ts calls them): each in its own file under ./guest.
 */
export { readGuestSummary } from './guest/guest-summary'
export { readGuestConfig } from './guest/guest-config'
export { readGuestBackups } from './guest/guest-backups'
export { readGuestHa } from './guest/guest-ha'
export { readGuestFirewall, readGuestReplication, readGuestTasks } from './guest/guest-lists'
