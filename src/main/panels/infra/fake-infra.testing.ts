import { AppError } from '../../../shared/ipc/errors'
import type { FleetNode } from '../../../shared/model/fleet'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { FakeAnswer, FakeCall } from '../fake-pve.testing'
import { fakePveClient, untilAborted } from '../fake-pve.testing'

/** One call the fake PVE received, with its signal. */
export type InfraCall = FakeCall
export type InfraAnswer = FakeAnswer
export { untilAborted }

export const forbidden = (path: string): AppError =>
  new AppError({ code: 'forbidden', clusterId: 'c', message: `Permission check failed (${path}, Sys.Audit)` })

/**
 * A cluster access whose client answers each exact path from `routes` (an unknown path: PVE's 501), `total`
 * beside the data when asked with meta. Every call is recorded, with its signal.
 */
export function infraAccess(
  routes: Record<string, InfraAnswer>,
  options: { total?: number; nodes?: FleetNode[] } = {},
): { access: ClusterAccess; calls: InfraCall[] } {
  const { client, calls } = fakePveClient(routes, (path) => path, options.total)
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: true,
      client,
      guest: () => Promise.reject(new AppError({ code: 'not_found', message: 'no guest' })),
      can: () => Promise.resolve(true),
      siteOf: (node) => (node.startsWith('vitib') ? 'VITIB' : 'Km4'),
      nodes: () => Promise.resolve(options.nodes ?? []),
    },
  }
}

/** A string of one megabyte: what a hostile server puts where a name is due. */
export const MEGABYTE = 'x'.repeat(1_000_000)
