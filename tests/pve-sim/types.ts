// The simulator's public contract: what a test or the CLI's ready line can rely on.

import type { ForeignTask, GuestLock } from './steering'

export interface SimOptions {
  /** Which fleet to build (default three-sites). */
  scenario?: 'three-sites' | 'large'
  /** Scenario large only: how many guests (default 10,000). */
  guests?: number
  /** Seed of the PRNG behind the initial figures and the live changes (default 1). */
  seed?: number
  /** Automatic live changes every tickMs (default 3000); null turns them off (tests call tick()). */
  tickMs?: number | null
  /** Loopback address every server listens on (default 127.0.0.1). */
  host?: string
  /** Port of the plain-HTTP control API (default 0: any free port). */
  controlPort?: number
  /**
   * Delay before a 401 is sent (login, API calls, and an invalid vncticket on vncwebsocket, plain GET or upgrade);
   * real pveproxy waits 3000 ms (pve-http-server AnyEvent.pm), the simulator defaults to 0 to keep tests fast.
   */
  authFailureDelayMs?: number
}

/** A console session the simulator holds: waiting for its websocket (10 s) or connected. */
export interface SimConsole {
  /** The node whose pveproxy answered the POST. */
  node: string
  port: number
  /** `term`: termproxy; `vnc`: vncproxy/vncshell. */
  kind: 'term' | 'vnc'
  target: 'node' | 'qemu' | 'lxc'
  /** Node name or guest name. */
  name: string
  vmid?: number
  /** Who opened it: userid or token id. */
  authid: string
  upid: string
  connected: boolean
  /** termproxy pings (`2`) received so far. */
  pings: number
  /** The last `1:COLS:ROWS:` received. */
  size?: { cols: number; rows: number }
}

export interface SimEndpoint {
  node: string
  site: string
  /** `https://127.0.0.1:PORT` */
  url: string
  /** SHA-256 of the node's certificate as Node prints it: upper-case hex, colon separated. */
  fingerprint: string
}

/** A user who can log in with a password (pam or pve realm). */
export interface SimUser {
  /** `user@realm` */
  username: string
  password: string
  /** Base32 TOTP secret when the user must pass a second factor (SHA-1, 6 digits, 30 s). */
  totpSecret?: string
  /** The ten one-time recovery keys of a TFA user (`xxxx-xxxx-xxxx-xxxx`). */
  recoveryCodes?: string[]
}

/** An API token: send `Authorization: PVEAPIToken=<tokenid>=<secret>`. */
export interface SimToken {
  /** `user@realm!name` */
  tokenid: string
  /** The token's UUID secret. */
  secret: string
}

export interface SimClusterInfo {
  id: string
  name: string
  /** pve-manager version, as `GET /version` reports it. */
  version: string
  endpoints: SimEndpoint[]
  /** root@pam, with every privilege (kept for the first clients; also listed in `users`). */
  login: { username: string; password: string }
  users: SimUser[]
  tokens: SimToken[]
}

/** Faults a node (or every node) shows; see POST /faults in the README. */
export interface SimFaults {
  latencyMs?: number
  errorRate?: number
  hang?: boolean
  dripBytesPerSecond?: number
  oversizeBytes?: number
  oversizeChunked?: boolean
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
  /**
   * Milliseconds the simulator spent on the request: reading the body, authenticating, handling, serializing
   * and handing the whole answer to the socket (`res.end`, gzip included). Injected delays (latencyMs, the 401
   * delay) are not counted; for dripped answers it is the handling only (the drip is the fault); absent for
   * hung requests and oversize answers, which nothing handles.
   */
  serviceMs?: number
  /**
   * Dripped and oversize answers only: body bytes handed to the socket so far, and whether the client went away
   * before the whole answer was sent (updated while the answer is under way).
   */
  streamed?: { bytes: number; cut: boolean }
}

export type GuestPowerState = 'running' | 'stopped'

export interface Simulator {
  readonly info: ReadyLine
  /** Every HTTP request any node received, in order. */
  readonly requests: readonly SimRequest[]
  setGuestStatus(clusterId: string, vmid: number, status: GuestPowerState): void
  /**
   * Puts a guest on another node of its cluster at once (no task), as a finished migration would; a running
   * guest keeps running there. Throws for an unknown cluster, guest or node, and for the node it is on.
   */
  moveGuest(clusterId: string, vmid: number, node: string): void
  /** Sets a guest's lock at once (`backup`, `snapshot`, …), or clears it with null (no task). */
  lockGuest(clusterId: string, vmid: number, lock: GuestLock | null): void
  /** The guest's next migration (its own or the HA agent's) fails inside its task with `error`. */
  failNextMigration(clusterId: string, vmid: number, error: string): void
  /** Starts a task as someone else (a guest action or any task type); returns its UPID. */
  startTask(clusterId: string, spec: ForeignTask): string
  /**
   * Disaster recovery (control API `/replication/…`, `/backups/…`, `/clusters/{id}/quorum`, README "Disaster
   * recovery"): replication job `id` (`101-0`) fails from now on, with `error` (default a `zfs recv` failure)…
   */
  breakReplication(clusterId: string, id: string, error?: string): void
  /** …and syncs again at once. */
  healReplication(clusterId: string, id: string): void
  /** Every archive of the guest becomes `hours` older; returns how many. */
  staleBackups(clusterId: string, vmid: number, hours: number): number
  /** A vzdump of the guest alone just failed (`job errors`); returns its UPID. */
  failBackup(clusterId: string, vmid: number, error?: string): string
  /** A vzdump of the guest alone just succeeded (a new archive now); returns its UPID. */
  healBackups(clusterId: string, vmid: number): string
  /** Corosync loses (false) or regains (true) quorum, every node still answering; not on a standalone node. */
  setQuorum(clusterId: string, quorate: boolean): void
  /** One random live change: maybe a guest starts or stops, and the usage figures drift. */
  tick(): void
  /** The node stops answering, and its cluster peers report it offline. */
  stopNode(node: string): Promise<void>
  /** The node answers again on the same port with the same certificate. */
  startNode(node: string): Promise<void>
  /** Epoch milliseconds on the simulated clock (real time plus every advance). */
  now(): number
  /** Moves the simulated clock forward: tickets and CSRF tokens age, tasks progress, uptimes grow. */
  advanceClock(seconds: number): void
  /** The SHA-256 fingerprint of the certificate the node serves now (changes with rotateCertificate). */
  fingerprintOf(node: string): string
  /** A new key and certificate on the same port; resolves to the new fingerprint. */
  rotateCertificate(node: string): Promise<string>
  /** Replaces the faults of one node, or the global ones when node is left out; `{}` clears them. */
  setFaults(faults: SimFaults, node?: string): void
  /** The console sessions open now (also `GET /consoles` on the control API). */
  consoles(): SimConsole[]
  /**
   * Every secret value the scenario holds or the simulator has handed out so far, each once: user passwords,
   * API token secrets, TOTP secrets, recovery keys, cloud-init passwords as stored (`$5$…` hashes, or plain for
   * Windows VMs), subscription keys, and every ticket, CSRF token, console ticket and VNC/SPICE password issued.
   * A test scans what a client wrote for each of them.
   */
  secretValues(): string[]
  /** Back to the scenario's start: state, clock, certificates, faults; every node running. */
  reset(): Promise<void>
  dispose(): Promise<void>
}
