import type {
  GuestCurrent,
  GuestSummaryPanel,
  PanelGap,
  RrdCf,
  RrdData,
  RrdTimeframe,
} from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { finite, flagOf, isRecord, record, text, truthy } from '../pve-read'
import { normalizeRrd } from '../rrd'
import { readAgent } from './guest-agent'
import { guestPath } from './guest-path'
import { cancelledError, gapOf } from '../panel-parts'

const FIGURES = [
  'uptime',
  'cpu',
  'cpus',
  'mem',
  'maxmem',
  'disk',
  'maxdisk',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
] as const

/** `GET …/status/current` (qemu-server `vmstatus`, pve-container `vmstatus`): figures PVE left out stay out. */
export function readCurrent(data: unknown): GuestCurrent {
  const r = record(data)
  const current: GuestCurrent = { status: text(r.status, 64) ?? 'unknown' }
  for (const key of FIGURES) {
    const n = finite(r[key])
    if (n !== undefined) current[key] = n
  }
  const qmpstatus = text(r.qmpstatus, 64)
  if (qmpstatus !== undefined) current.qmpstatus = qmpstatus
  const lock = text(r.lock, 64)
  if (lock !== undefined && lock !== '') current.lock = lock
  if (isRecord(r.ha)) {
    const state = text(r.ha.state, 64)
    const group = text(r.ha.group, 512)
    current.ha = {
      managed: truthy(r.ha.managed),
      ...(state === undefined ? {} : { state }),
      ...(group === undefined ? {} : { group }),
    }
  }
  const runningQemu = text(r['running-qemu'], 128)
  if (runningQemu !== undefined) current.runningQemu = runningQemu
  const runningMachine = text(r['running-machine'], 128)
  if (runningMachine !== undefined) current.runningMachine = runningMachine
  const agent = flagOf(r.agent)
  if (agent !== undefined) current.agentEnabled = agent
  return current
}

/** A VM whose QEMU is paused (or hibernating) runs no agent: asking would only wait for the deadline. */
const PAUSED = new Set(['paused', 'suspended', 'prelaunch', 'inmigrate', 'postmigrate'])

/**
 * The guest's summary: its figures now, a timeframe of RRD history and what its agent says. `status/current` and
 * `rrddata` go in parallel; the agent is asked once the status says the guest runs (each agent call with its own
 * short deadline). A failed `rrddata` (a 403, a node that times out) is a gap beside the figures; a failed
 * `status/current` fails the panel, which has nothing to show without it.
 */
export async function readGuestSummary(
  access: ClusterAccess,
  vmid: number,
  chart: { timeframe: RrdTimeframe; cf: RrdCf },
  signal?: AbortSignal,
  options: { agentDeadlineMs?: number } = {},
): Promise<GuestSummaryPanel> {
  const guest = await access.guest(vmid, signal)
  const base = guestPath(guest)
  const gaps: PanelGap[] = []
  const emptyRrd: RrdData = { timeframe: chart.timeframe, cf: chart.cf, time: [], series: {} }
  const rrd = access.client
    .call('GET', `${base}/rrddata`, { timeframe: chart.timeframe, cf: chart.cf }, signal)
    .then(
      (data) => normalizeRrd(data, chart.timeframe, chart.cf),
      (error: unknown) => {
        gaps.push(gapOf('rrddata', error))
        return emptyRrd
      },
    )
  const current = await access.client
    .call('GET', `${base}/status/current`, undefined, signal)
    .then(readCurrent)
    .catch(async (error: unknown) => {
      await rrd // nothing of this read outlives it
      throw error
    })
  const paused = current.qmpstatus !== undefined && PAUSED.has(current.qmpstatus)
  const agent = paused
    ? { facts: { state: 'no_answer' as const, interfaces: [] }, gaps: [] }
    : await readAgent(
        access.client,
        guest,
        {
          running: current.status === 'running',
          ...(current.agentEnabled === undefined ? {} : { agentEnabled: current.agentEnabled }),
        },
        {
          ...(signal === undefined ? {} : { signal }),
          ...(options.agentDeadlineMs === undefined ? {} : { deadlineMs: options.agentDeadlineMs }),
        },
      ).catch(async (error: unknown) => {
        await rrd
        throw error
      })
  const data = await rrd
  if (signal?.aborted === true) throw cancelledError(access.clusterId, 'guest summary')
  return { current, rrd: data, agent: agent.facts, gaps: [...gaps, ...agent.gaps] }
}
