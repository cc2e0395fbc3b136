import type { FleetGuest } from '../../../shared/model/fleet'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { FakeAnswer, FakeCall } from '../fake-pve.testing'
import { fakePveClient, pveRefusal, untilAborted } from '../fake-pve.testing'

export type { FakeAnswer, FakeCall } from '../fake-pve.testing'
export { pveRefusal }

export const guestOf = (
  type: 'qemu' | 'lxc',
  vmid = 101,
  status: FleetGuest['status'] = 'running',
): FleetGuest => ({
  key: `c/${type}/${vmid}`,
  clusterId: 'c',
  kind: 'guest',
  type,
  vmid,
  node: 'km4-pve1',
  name: 'web',
  status,
  template: false,
  tags: [],
})

/** A call that answers only when aborted (then `cancelled`, as the client does): PVE's hung agent. */
export const hang = ({ signal }: { signal?: AbortSignal }): Promise<never> => untilAborted(signal)

/**
 * A cluster access whose client answers by path suffix or inner folder (`/agent` answers `…/agent/get-osinfo`): a
 * suffix first, then the longest that matches; anything else
 * answers 501 as PVE does for an unknown method. Every call is recorded with its signal.
 */
export function fakeAccess(
  routes: Record<string, FakeAnswer>,
  guest: FleetGuest = guestOf('qemu'),
): { access: ClusterAccess; calls: FakeCall[] } {
  const { client, calls } = fakePveClient(
    routes,
    (path) =>
      Object.keys(routes)
        .filter((k) => path.endsWith(k) || path.includes(`${k}/`))
        // A suffix before a folder, then the longest.
        .sort((a, b) => Number(path.endsWith(b)) - Number(path.endsWith(a)) || b.length - a.length)[0],
    7,
  )
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: true,
      client,
      guest: () => Promise.resolve(guest),
      can: () => Promise.resolve(true),
      siteOf: () => 'Km4',
      nodes: () => Promise.resolve([]),
    },
  }
}
