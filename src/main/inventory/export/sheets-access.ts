import type { InventorySnapshot, JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'
import type { Cell, Sheet } from './cells'
import { columns, epoch, epochMs, msDate, num, text, yesNo } from './cells'
import type { ClusterFacts } from './fleet-facts'

/** Issues, Firewall, Users & ACLs, Certificates and Console sessions: who may do what, and what was done. */

const str = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined

export function issuesSheet(snapshot: InventorySnapshot): Sheet {
  return {
    name: 'Issues',
    columns: columns('Cluster', 'Node', 'API path', 'Code', 'Message'),
    rows: snapshot.issues.map((i) => [i.clusterId, i.node ?? null, i.path, i.code, i.message]),
  }
}

const FIREWALL_COLUMNS = columns(
  'Cluster',
  'Scope',
  'Kind',
  'Name',
  'Value',
  ['Position', 'integer'],
  'Direction',
  'Action',
  'Macro',
  'Source',
  'Destination',
  'Protocol',
  'Destination port',
  'Source port',
  'Interface',
  'Log',
  'Enabled',
  'Comment',
)

function ruleRow(cluster: string, scope: string, r: PveObject, i: number): Cell[] {
  return [
    cluster,
    scope,
    'rule',
    null,
    null,
    num(r.pos) ?? i,
    text(r.type),
    text(r.action),
    text(r.macro),
    text(r.source),
    text(r.dest),
    text(r.proto),
    text(r.dport),
    text(r.sport),
    text(r.iface),
    text(r.log),
    yesNo(r.enable, false),
    text(r.comment),
  ]
}

/** A non-rule firewall row (option, alias, IP set entry): the kind, its name and value, a comment. */
const itemRow = (
  cluster: string,
  scope: string,
  kind: string,
  name: Cell,
  value: Cell,
  comment: Cell,
): Cell[] => [cluster, scope, kind, name, value, ...Array<Cell>(11).fill(null), null, comment]

export function firewallSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    const c = f.cluster
    const fw = c.firewall
    for (const [key, value] of Object.entries(fw.options ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
      if (key !== 'digest') rows.push(itemRow(c.id, 'cluster', 'option', key, text(value), null))
    for (const [i, r] of (fw.rules ?? []).entries()) rows.push(ruleRow(c.id, 'cluster', r, i))
    for (const g of fw.groups ?? []) {
      if ((g.rules ?? []).length === 0)
        rows.push(itemRow(c.id, `group ${g.group}`, 'group', g.group, null, g.comment ?? null))
      for (const [i, r] of (g.rules ?? []).entries()) rows.push(ruleRow(c.id, `group ${g.group}`, r, i))
    }
    for (const a of fw.aliases ?? [])
      rows.push(itemRow(c.id, 'cluster', 'alias', text(a.name), text(a.cidr), text(a.comment)))
    for (const s of fw.ipsets ?? []) {
      for (const e of s.entries ?? [])
        rows.push(
          itemRow(
            c.id,
            'cluster',
            'IP set',
            s.name,
            `${num(e.nomatch) === 1 ? '!' : ''}${str(e.cidr) ?? ''}`,
            text(e.comment) ?? s.comment ?? null,
          ),
        )
    }
    for (const n of c.nodes)
      for (const [i, r] of (n.firewallRules ?? []).entries()) rows.push(ruleRow(c.id, `node ${n.node}`, r, i))
    for (const g of [...c.guests].sort((a, b) => a.vmid - b.vmid))
      for (const [i, r] of (g.firewallRules ?? []).entries())
        rows.push(ruleRow(c.id, `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid} (${g.name})`, r, i))
  }
  return { name: 'Firewall', columns: FIREWALL_COLUMNS, rows }
}

const sorted = (v: JsonValue | undefined): Cell => {
  if (Array.isArray(v))
    return (
      v
        .filter((x) => typeof x === 'string')
        .sort()
        .join(', ') || null
    )
  const s = str(v)
  return s === undefined
    ? null
    : s
        .split(/[,;\s]+/)
        .filter((x) => x !== '')
        .sort()
        .join(', ') || null
}

export function usersSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  const row = (
    cluster: string,
    kind: string,
    id: Cell,
    rest: Partial<
      Record<
        | 'name'
        | 'email'
        | 'enabled'
        | 'expires'
        | 'groups'
        | 'path'
        | 'role'
        | 'propagate'
        | 'privsep'
        | 'privileges'
        | 'comment',
        Cell
      >
    >,
  ): void => {
    rows.push([
      cluster,
      kind,
      id,
      rest.name ?? null,
      rest.email ?? null,
      rest.enabled ?? null,
      rest.expires ?? null,
      rest.groups ?? null,
      rest.path ?? null,
      rest.role ?? null,
      rest.propagate ?? null,
      rest.privsep ?? null,
      rest.privileges ?? null,
      rest.comment ?? null,
    ])
  }
  for (const f of facts) {
    const a = f.cluster.access
    const id = f.cluster.id
    for (const u of a.users ?? []) {
      const userid = str(u.userid) ?? ''
      row(id, 'user', userid, {
        name: [str(u.firstname), str(u.lastname)].filter((x) => x !== undefined).join(' ') || null,
        email: text(u.email),
        enabled: yesNo(u.enable, true),
        expires: epoch(u.expire),
        groups: sorted(u.groups),
        comment: text(u.comment),
      })
      for (const t of Array.isArray(u.tokens) ? u.tokens : []) {
        if (t === null || typeof t !== 'object' || Array.isArray(t)) continue
        // A token's id only: an inventory snapshot never holds a token's secret.
        row(id, 'API token', `${userid}!${str(t.tokenid) ?? ''}`, {
          expires: epoch(t.expire),
          privsep: yesNo(t.privsep, true),
          comment: text(t.comment),
        })
      }
    }
    for (const g of a.groups ?? [])
      row(id, 'group', text(g.groupid), { groups: sorted(g.users), comment: text(g.comment) })
    for (const r of a.roles ?? [])
      row(id, num(r.special) === 1 ? 'role (built-in)' : 'role', text(r.roleid), {
        privileges: sorted(r.privs),
      })
    for (const e of a.acl ?? [])
      row(id, `ACL (${str(e.type) ?? '?'})`, text(e.ugid), {
        path: text(e.path),
        role: text(e.roleid),
        propagate: yesNo(e.propagate, true),
      })
    for (const r of a.realms ?? [])
      row(id, 'realm', text(r.realm), { name: text(r.type), comment: text(r.comment) })
  }
  return {
    name: 'Users & ACLs',
    columns: columns(
      'Cluster',
      'Kind',
      'ID',
      'Name or type',
      'Email',
      'Enabled',
      ['Expires (UTC)', 'date'],
      'Groups or members',
      'Path',
      'Role',
      'Propagate',
      'Privilege separation',
      'Privileges',
      'Comment',
    ),
    rows,
  }
}

export function certificatesSheet(facts: ClusterFacts[], takenAt: number): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    for (const n of f.cluster.nodes) {
      for (const c of n.certificates ?? []) {
        const notafter = epochMs(c.notafter)
        rows.push([
          f.cluster.id,
          n.node,
          n.site,
          text(c.filename),
          text(c.subject),
          text(c.issuer),
          epoch(c.notbefore),
          epoch(c.notafter),
          notafter === null ? null : Math.floor((notafter - takenAt) / 86_400_000),
          text(c.fingerprint),
          text(c['public-key-type']),
          num(c['public-key-bits']),
          text(c.san),
        ])
      }
    }
  }
  return {
    name: 'Certificates',
    columns: columns(
      'Cluster',
      'Node',
      'Site',
      'File',
      'Subject',
      'Issuer',
      ['Not before (UTC)', 'date'],
      ['Expires (UTC)', 'date'],
      ['Days left at capture', 'integer'],
      'Fingerprint (SHA-256)',
      'Key type',
      ['Key bits', 'integer'],
      'Subject alternative names',
    ),
    rows,
  }
}

export function consoleSheet(snapshot: InventorySnapshot): Sheet {
  return {
    name: 'Console sessions',
    columns: columns(
      ['Opened (UTC)', 'date'],
      ['Connected (UTC)', 'date'],
      ['Ended (UTC)', 'date'],
      ['Duration (min)', 'decimal'],
      'Cluster',
      'Site',
      'Target',
      'Node',
      ['VMID', 'integer'],
      'Guest',
      'Console',
      'PVE user',
      'Local user',
      'End reason',
      'Error',
    ),
    rows: snapshot.consoleSessions.map((r) => [
      msDate(r.openedAt),
      r.connectedAt === undefined ? null : msDate(r.connectedAt),
      r.endedAt === undefined ? null : msDate(r.endedAt),
      r.endedAt === undefined ? null : Math.round((r.endedAt - r.openedAt) / 6000) / 10,
      r.clusterName,
      r.site ?? null,
      r.target.type === 'node' ? 'node shell' : r.target.type === 'qemu' ? 'VM' : 'CT',
      r.target.node,
      r.target.type === 'node' ? null : r.target.vmid,
      r.guestName ?? null,
      r.kind,
      r.pveUser,
      r.localUser,
      r.endReason ?? (r.endedAt === undefined ? 'open' : null),
      r.error === undefined ? null : `${r.error.code}: ${r.error.message}`,
    ]),
  }
}
