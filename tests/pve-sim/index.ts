// PVE simulator v0: a fake Proxmox VE fleet over real HTTPS on loopback, for integration tests and demos.
// It imports nothing from src/: it speaks Proxmox VE's protocol, not our code's.

export type {
  GuestPowerState,
  ReadyLine,
  SimClusterInfo,
  SimEndpoint,
  SimOptions,
  SimRequest,
  Simulator,
} from './types'
export { startSimulator } from './simulator'
