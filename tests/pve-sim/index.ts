// PVE simulator: a fake Proxmox VE fleet over real HTTPS on loopback, for integration tests and demos.
// It imports nothing from src/: it speaks Proxmox VE's protocol, not our code's.

export type {
  GuestPowerState,
  ReadyLine,
  SimClusterInfo,
  SimConsole,
  SimEndpoint,
  SimFaults,
  SimOptions,
  SimRequest,
  Simulator,
  SimToken,
  SimUser,
} from './types'
export type { ForeignTask, GuestLock } from './steering'
export { totpCode } from './access/tfa'
export { startSimulator } from './simulator'
