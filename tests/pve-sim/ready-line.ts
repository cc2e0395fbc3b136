// How a cluster is described in the ready line: its endpoints with their pinned fingerprints, the users who can
// log in with a password (with their second factor), and the API tokens with their secrets.

import { realmOf } from './access/config'
import type { ClusterState } from './model'
import type { SimClusterInfo, SimUser } from './types'

interface Listener {
  url: string
  fingerprint: string
}

export function describeCluster(cluster: ClusterState, serverOf: (node: string) => Listener): SimClusterInfo {
  const endpoints = cluster.nodes.map((node) => {
    const server = serverOf(node.name)
    return { node: node.name, site: node.site, url: server.url, fingerprint: server.fingerprint }
  })
  const passwordRealms = new Set(
    cluster.access.realms.filter((r) => r.type === 'pam' || r.type === 'pve').map((r) => r.realm),
  )
  const users: SimUser[] = cluster.access.users.flatMap((user) => {
    if (user.password === undefined || !passwordRealms.has(realmOf(user.userid))) return []
    const described: SimUser = { username: user.userid, password: user.password }
    if (user.totp !== undefined) described.totpSecret = user.totp
    if (user.recovery !== undefined) described.recoveryCodes = [...user.recovery.keys]
    return [described]
  })
  const root = users.find((u) => u.username === 'root@pam')
  if (root === undefined) throw new Error(`pve-sim: ${cluster.id} has no root@pam`)
  const tokens = cluster.access.users.flatMap((user) =>
    user.tokens.map((token) => ({ tokenid: `${user.userid}!${token.name}`, secret: token.secret })),
  )
  return {
    id: cluster.id,
    name: cluster.name,
    version: cluster.version,
    endpoints,
    login: { username: root.username, password: root.password },
    users,
    tokens,
  }
}
