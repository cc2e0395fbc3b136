// Resource pools (GET /pools, /pools/{poolid}): id and comment, and with a pool id its members as
// /cluster/resources lists them.

import type { ClusterState } from '../model'
import type { Json } from './guests'
import { guestEntry } from './resources'

const COMMENTS: Readonly<Record<string, string>> = {
  'naorlo-prod': 'NA&ORLO production',
  'naorlo-test': 'NA&ORLO test copies',
  infra: 'Infrastructure services',
}

export function poolEntry(pool: string): Json {
  const entry: Json = { poolid: pool }
  const comment = COMMENTS[pool]
  if (comment !== undefined) entry.comment = comment
  return entry
}

export function poolMembers(cluster: ClusterState, pool: string, now: number, type?: string): Json[] {
  return cluster.guests
    .filter((g) => g.pool === pool && (type === undefined || g.type === type))
    .sort((a, b) => a.vmid - b.vmid)
    .map((g) => guestEntry(cluster, g, now))
}
