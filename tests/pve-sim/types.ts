// The simulator's public contract: what a test or the CLI's ready line can rely on.

export interface SimOptions {
  /** Which fleet to build; only the three sites exist in v0. */
  scenario?: 'three-sites'
  /** Seed of the PRNG behind the initial figures and the live changes (default 1). */
  seed?: number
  /** Automatic live changes every tickMs (default 3000); null turns them off (tests call tick()). */
  tickMs?: number | null
  /** Loopback address every server listens on (default 127.0.0.1). */
  host?: string
  /** Port of the plain-HTTP control API (default 0: any free port). */
  controlPort?: number
  /** Delay before a 401 is sent; real pveproxy waits 3000 ms, v0 defaults to 0 to keep tests fast. */
  authFailureDelayMs?: number
}

export interface SimEndpoint {
  node: string
  site: string
  /** `https://127.0.0.1:PORT` */
  url: string
  /** SHA-256 of the node's certificate as Node prints it: upper-case hex, colon separated. */
  fingerprint: string
}

export interface SimClusterInfo {
  id: string
  name: string
  /** pve-manager version, as `GET /version` reports it. */
  version: string
  endpoints: SimEndpoint[]
  login: { username: string; password: string }
}

/** The one line of JSON the CLI prints on stdout once every server listens. */
export interface ReadyLine {
  ready: true
  /** Base URL of the control API, `http://127.0.0.1:PORT`. */
  control: string
  clusters: SimClusterInfo[]
}

export interface SimRequest {
  node: string
  method: string
  /** The request target as sent (path and query string). */
  path: string
  /** Whether a valid ticket came with the request. */
  authenticated: boolean
}

export type GuestPowerState = 'running' | 'stopped'

export interface Simulator {
  readonly info: ReadyLine
  /** Every HTTP request any node received, in order. */
  readonly requests: readonly SimRequest[]
  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void
  /** One random live change: maybe a guest starts or stops, and the usage figures drift. */
  tick(): void
  /** The node stops answering, and its cluster peers report it offline. */
  stopNode(node: string): Promise<void>
  /** The node answers again on the same port with the same certificate. */
  startNode(node: string): Promise<void>
  dispose(): Promise<void>
}
