import type { ClusterPanel } from '../../../shared/model/infra-panels'
import type { Raw } from '../pve-read'
import { defined, isRecord, record, records, text } from '../pve-read'

type HaFacts = ClusterPanel['ha']

/** Nodes an HA answer may speak of, at most (as many as the panel lists). */
const MAX_NODES = 512

/**
 * `… (active, Tue Dec  1 18:59:23 2026)` → `active`: the state pve-ha-manager's Status.pm `status` writes into
 * the master's and each LRM's line (`idle`, `old timestamp - dead?`, `wait_for_agent_lock`…).
 */
export function stateInLine(line: string | undefined): string | undefined {
  const state = line === undefined ? undefined : /\(([^,()]{1,80})[,)]/.exec(line)?.[1]?.trim()
  return state === '' ? undefined : state
}

/** The first `max` entries of an object PVE keys by node (`lrm_status`), without walking a hostile million. */
function firstEntries(value: unknown, max: number): [string, unknown][] {
  if (!isRecord(value)) return []
  const out: [string, unknown][] = []
  for (const key in value) {
    if (out.length >= max) break
    if (Object.hasOwn(value, key)) out.push([key, value[key]])
  }
  return out
}

/**
 * The HA manager as the cluster panel shows it, from `GET /cluster/ha/status/current` (the quorum line, the
 * master's line, one per LRM and one per service) and `GET /cluster/ha/status/manager_status` (the CRM's
 * `master_node`, each LRM's `mode` and `state`, the services it manages). Either may be missing (a gap): what
 * the other says is kept. The LRMs of `manager_status` win over the lines, which only carry a state in words.
 */
export function haFacts(current: unknown, manager: unknown): HaFacts {
  const lines = records(current)
  const byType = (type: string): Raw[] => lines.filter((l) => l.type === type)
  const quorumLine = byType('quorum')[0]
  const masterLine = byType('master')[0]
  const status = record(manager)
  const crm = record(status.manager_status)
  const masterNode = text(crm.master_node) ?? text(masterLine?.node)
  const lrmStatus = firstEntries(status.lrm_status, MAX_NODES)
  const lrm: HaFacts['lrm'] =
    lrmStatus.length > 0
      ? lrmStatus.map(([node, value]) => {
          const entry = record(value)
          return defined({ node: node.slice(0, 512), state: text(entry.state), mode: text(entry.mode) })
        })
      : byType('lrm')
          .slice(0, MAX_NODES)
          .flatMap((line) => {
            const node = text(line.node)
            return node === undefined ? [] : [defined({ node, state: stateInLine(text(line.status)) })]
          })
  lrm.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))
  const services = byType('service').length
  const managed = services > 0 ? services : firstEntries(crm.service_status, 100_000).length
  const facts: HaFacts = { lrm, resources: managed }
  const quorum = text(quorumLine?.status)
  if (quorum !== undefined) facts.quorum = quorum
  if (masterNode !== undefined)
    facts.master = defined({
      node: masterNode,
      state: stateInLine(text(masterLine?.status)),
    })
  return facts
}
