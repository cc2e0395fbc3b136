// Every secret value the simulator holds or has handed out, so that a test can scan what a client wrote (an
// inventory snapshot, a log) for any of them: passwords, token secrets, TOTP secrets, recovery keys, cloud-init
// passwords as stored, subscription keys, and the tickets, CSRF tokens, console tickets and passwords issued.

import type { ClusterAuth } from './auth'
import type { ClusterState } from './model'

/** The cluster's auth keys, noting each ticket, CSRF token and console ticket they mint. */
export function recordingAuth(auth: ClusterAuth, issued: Set<string>): ClusterAuth {
  const note = (value: string): string => {
    issued.add(value)
    return value
  }
  return {
    ...auth,
    issueTicket: (userid, now) => note(auth.issueTicket(userid, now)),
    issueTfaTicket: (challenge, userid, now) => note(auth.issueTfaTicket(challenge, userid, now)),
    csrfToken: (userid, now) => note(auth.csrfToken(userid, now)),
    issueVncTicket: (authid, path, port, now) => note(auth.issueVncTicket(authid, path, port, now)),
  }
}

/** What the scenario itself holds: user.cfg/shadow, token.cfg, tfa.cfg, VM configs, /etc/subscription. */
export function heldSecrets(cluster: ClusterState): string[] {
  const values: string[] = []
  for (const user of cluster.access.users) {
    if (user.password !== undefined) values.push(user.password)
    if (user.totp !== undefined) values.push(user.totp)
    values.push(...(user.recovery?.keys ?? []))
    for (const token of user.tokens) values.push(token.secret)
  }
  for (const guest of cluster.guests) {
    const password = guest.cloudinit?.cipassword
    if (password !== undefined) values.push(password)
    const pending = guest.pending?.cipassword
    if (pending !== undefined) values.push(String(pending))
  }
  for (const node of cluster.nodes) {
    if (node.subscription.key !== undefined) values.push(node.subscription.key)
  }
  return values
}
