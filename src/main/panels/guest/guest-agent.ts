import { AppError } from '../../../shared/ipc/errors'
import type { AgentFacts, GuestInterface, PanelGap } from '../../../shared/model/panels'
import type { FleetGuest } from '../../../shared/model/fleet'
import type { PveClient } from '../../pve/pve-client'
import { integer, record, records, text } from '../pve-read'
import { guestPath } from './guest-path'
import { gapOf, withDeadline } from '../panel-parts'

/**
 * What a running guest says of itself: the QEMU guest agent's OS and addresses (`agent/get-osinfo`,
 * `agent/network-get-interfaces`), a container's interfaces as its node sees them (`…/lxc/{vmid}/interfaces`).
 * Each call has a short deadline of its own: qemu-server waits for an agent that is not there (a `guest-ping`
 * first, then the command), and the summary shows without it.
 */

/** How long one agent call may take before the agent counts as not answering. */
export const AGENT_DEADLINE_MS = 3_000

const MAX_INTERFACES = 256
const MAX_ADDRESSES = 256

type Family = 'ipv4' | 'ipv6'

/** `10.1.0.5/24` or `fe80::1/64` (pve-container's `inet`/`inet6`) as an address. */
function cidrAddress(value: unknown, family: Family): GuestInterface['addresses'][number] | undefined {
  const cidr = text(value, 128)
  if (cidr === undefined || cidr === '') return undefined
  const [address = '', prefixText] = cidr.split('/')
  const prefix = prefixText === undefined ? undefined : integer(prefixText)
  return {
    address,
    family,
    ...(prefix !== undefined && prefix >= 0 && prefix <= 128 ? { prefix } : {}),
  }
}

/** The agent says `ipv4`/`ipv6`; pve-container (LXC.pm `get_interfaces`) iproute2's `inet`/`inet6`. */
const FAMILIES: Partial<Record<string, Family>> = { ipv4: 'ipv4', ipv6: 'ipv6', inet: 'ipv4', inet6: 'ipv6' }

/** The agent's `ip-addresses` (`{ip-address, ip-address-type, prefix}`), also pve-container's since PVE 8. */
function agentAddresses(value: unknown): GuestInterface['addresses'] {
  return records(value, MAX_ADDRESSES).flatMap((a) => {
    const address = text(a['ip-address'], 128)
    const type = FAMILIES[String(a['ip-address-type'])]
    if (address === undefined || address === '' || type === undefined) return []
    const prefix = integer(a.prefix)
    return [
      {
        address,
        family: type,
        ...(prefix !== undefined && prefix >= 0 && prefix <= 128 ? { prefix } : {}),
      },
    ]
  })
}

/** Interfaces of either answer (the agent's, or a container's old `inet`/`inet6` form). */
export function readInterfaces(data: unknown): GuestInterface[] {
  return records(data, MAX_INTERFACES).flatMap((row) => {
    const name = text(row.name, 512)
    if (name === undefined) return []
    const mac = text(row['hardware-address'] ?? row.hwaddr, 512)
    const listed = agentAddresses(row['ip-addresses'])
    const addresses =
      listed.length > 0
        ? listed
        : [cidrAddress(row.inet, 'ipv4'), cidrAddress(row.inet6, 'ipv6')].filter(
            (a): a is NonNullable<typeof a> => a !== undefined,
          )
    return [{ name, ...(mac === undefined ? {} : { mac }), addresses }]
  })
}

/** Every address the interfaces carry but the loopback's, for `ip:` searches. */
export function addressesOf(interfaces: readonly GuestInterface[]): string[] {
  const out = new Set<string>()
  for (const i of interfaces)
    for (const a of i.addresses)
      if (!/^(?:127\.|::1$)/.test(a.address) && i.name !== 'lo') out.add(a.address.toLowerCase())
  return [...out]
}

type AgentState = AgentFacts['state']

/**
 * What a failed agent call says of the agent (qemu-server API2/Qemu/Agent.pm `agent_cmd` and
 * PVE/QemuServer/Agent.pm `assert_agent_available`): not configured, VM not running, agent not answering (its
 * own error or our deadline). Anything else (403, a node down) is no state, and becomes a gap.
 */
function stateOfFailure(error: AppError): AgentState | undefined {
  if (error.code === 'timeout') return 'no_answer'
  if (error.code === 'forbidden' || error.code === 'cancelled') return undefined
  if (/guest agent is not running|guest-ping|timeout|timed out/i.test(error.message)) return 'no_answer'
  if (/no .*guest agent configured|agent.*not (?:enabled|configured)/i.test(error.message)) return 'off'
  if (/\bis not running\b|not running/i.test(error.message)) return 'not_running'
  return undefined
}

const empty = (state: AgentState): AgentFacts => ({ state, interfaces: [] })

export interface AgentRead {
  facts: AgentFacts
  gaps: PanelGap[]
}

interface CallOutcome {
  value?: unknown
  error?: AppError
}

async function outcome(call: () => Promise<unknown>): Promise<CallOutcome> {
  try {
    return { value: await call() }
  } catch (error) {
    return { error: AppError.from(error) }
  }
}

function osFacts(info: unknown): Pick<AgentFacts, 'osName' | 'osVersion' | 'kernel'> {
  const r = record(info)
  const osName = text(r['pretty-name'] ?? r.name, 512)
  const osVersion = text(r.version ?? r['version-id'], 512)
  const kernel = text(r['kernel-release'], 512)
  return {
    ...(osName === undefined ? {} : { osName }),
    ...(osVersion === undefined ? {} : { osVersion }),
    ...(kernel === undefined ? {} : { kernel }),
  }
}

/**
 * The agent's facts of a guest known to be `running` (or not). `agentEnabled` is what `status/current` says
 * (`agent: 1`); when it does not say, the agent is asked and PVE's "No QEMU guest agent configured" tells.
 * Cancelled by `signal`: then this throws `cancelled`, as every read does.
 */
export async function readAgent(
  client: PveClient,
  guest: Pick<FleetGuest, 'node' | 'type' | 'vmid'>,
  state: { running: boolean; agentEnabled?: boolean },
  options: { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<AgentRead> {
  if (!state.running) return { facts: empty('not_running'), gaps: [] }
  if (guest.type === 'qemu' && state.agentEnabled === false) return { facts: empty('off'), gaps: [] }
  const deadline = options.deadlineMs ?? AGENT_DEADLINE_MS
  const { signal } = options
  const base = guestPath(guest)
  const ask = (path: string): Promise<CallOutcome> =>
    outcome(() => withDeadline(deadline, signal, (s) => client.call('GET', path, undefined, s)))
  const calls =
    guest.type === 'qemu'
      ? await Promise.all([ask(`${base}/agent/get-osinfo`), ask(`${base}/agent/network-get-interfaces`)])
      : [undefined, await ask(`${base}/interfaces`)]
  if (signal?.aborted === true) throw new AppError({ code: 'cancelled', message: 'cancelled' })
  const [os, net] = calls
  const result = (o: CallOutcome | undefined): unknown =>
    guest.type === 'qemu' ? record(o?.value).result : o?.value
  const answered = [os, net].filter((o) => o !== undefined && o.error === undefined)
  const failures = [os, net].flatMap((o) => (o?.error === undefined ? [] : [o.error]))
  const gaps: PanelGap[] = []
  for (const [part, o] of [
    ['agent-osinfo', os],
    ['agent-interfaces', net],
  ] as const)
    if (o?.error !== undefined && stateOfFailure(o.error) === undefined) gaps.push(gapOf(part, o.error))
  if (answered.length === 0) {
    const known = failures.map(stateOfFailure).find((s) => s !== undefined)
    return { facts: empty(known ?? 'no_answer'), gaps }
  }
  const interfaces = net?.error === undefined ? readInterfaces(result(net)) : []
  return {
    facts: { state: 'ok', ...(os === undefined ? {} : osFacts(result(os))), interfaces },
    gaps,
  }
}
