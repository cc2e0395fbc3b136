import type { InventoryCluster, PveObject } from '../../../shared/model/inventory-snapshot'
import type { ChangeSink, ItemRef } from './compare'
import { DIGEST, fieldChanges, keyedLists, nameSet, sameJson, str } from './compare'

/** Firewall and access: what an auditor reads first in a drift report. Identities never carry a secret. */

const RULE_IGNORE: ReadonlySet<string> = new Set(['digest', 'pos', 'ipversion'])

/**
 * A firewall rule list, rule by rule at its position (PVE applies them in order, so a rule that moves is a
 * change at both positions). `ref.subject` names the list (`node pve1 firewall`).
 */
export function diffRules(
  sink: ChangeSink,
  ref: ItemRef,
  before: readonly PveObject[] | undefined,
  after: readonly PveObject[] | undefined,
): void {
  const pos = (r: PveObject, i: number): number => (typeof r.pos === 'number' ? r.pos : i)
  const withPos = (l: readonly PveObject[] | undefined): PveObject[] | undefined =>
    l?.map((r, i) => ({ ...r, pos: pos(r, i) }))
  keyedLists(
    withPos(before),
    withPos(after),
    (r) => (typeof r.pos === 'number' ? String(r.pos) : undefined),
    {
      removed: (id, r) =>
        sink.push({ ...ref, subject: `${ref.subject} rule ${id}`, kind: 'removed', before: ruleText(r) }),
      added: (id, r) =>
        sink.push({ ...ref, subject: `${ref.subject} rule ${id}`, kind: 'added', after: ruleText(r) }),
      both: (id, x, y) =>
        fieldChanges(sink, { ...ref, subject: `${ref.subject} rule ${id}` }, x, y, { ignore: RULE_IGNORE }),
    },
    (a, b) => Number(a) - Number(b),
  )
}

/** A rule in a line, the way `pve-firewall` prints it: `IN ACCEPT -p tcp -dport 443 # HTTPS`. */
export function ruleText(r: PveObject): string {
  const parts: string[] = []
  const type = str(r, 'type')
  if (type !== undefined) parts.push(type.toUpperCase())
  const action =
    str(r, 'macro') !== undefined ? `${str(r, 'macro') ?? ''}(${str(r, 'action') ?? ''})` : str(r, 'action')
  if (action !== undefined) parts.push(action)
  for (const [key, flag] of [
    ['iface', '-i'],
    ['source', '-source'],
    ['dest', '-dest'],
    ['proto', '-p'],
    ['sport', '-sport'],
    ['dport', '-dport'],
    ['log', '-log'],
  ] as const) {
    const v = str(r, key)
    if (v !== undefined && v !== '') parts.push(flag, v)
  }
  if (r.enable !== undefined && Number(r.enable) === 0) parts.push('(disabled)')
  const comment = str(r, 'comment')
  if (comment !== undefined && comment !== '') parts.push('#', comment)
  return parts.join(' ')
}

export function diffFirewall(sink: ChangeSink, b: InventoryCluster, a: InventoryCluster): void {
  const fb = b.firewall
  const fa = a.firewall
  const ref = (subject: string): ItemRef => ({ category: 'firewall', clusterId: a.id, subject })
  if (fb.options !== undefined && fa.options !== undefined)
    fieldChanges(sink, ref('cluster firewall options'), fb.options, fa.options, { ignore: DIGEST })
  diffRules(sink, ref('cluster firewall'), fb.rules, fa.rules)
  keyedLists(fb.groups, fa.groups, (g) => g.group, {
    removed: (id) => sink.push({ ...ref(`security group ${id}`), kind: 'removed' }),
    added: (id) => sink.push({ ...ref(`security group ${id}`), kind: 'added' }),
    both: (id, x, y) => {
      if (!sameJson(x.comment, y.comment))
        sink.push({
          ...ref(`security group ${id}`),
          kind: 'changed',
          field: 'comment',
          before: x.comment,
          after: y.comment,
        })
      diffRules(sink, ref(`security group ${id}`), x.rules, y.rules)
    },
  })
  keyedLists(fb.aliases, fa.aliases, (x) => str(x, 'name'), {
    removed: (id) => sink.push({ ...ref(`alias ${id}`), kind: 'removed' }),
    added: (id) => sink.push({ ...ref(`alias ${id}`), kind: 'added' }),
    both: (id, x, y) => fieldChanges(sink, ref(`alias ${id}`), x, y, { ignore: DIGEST }),
  })
  keyedLists(fb.ipsets, fa.ipsets, (s) => s.name, {
    removed: (id) => sink.push({ ...ref(`IP set ${id}`), kind: 'removed' }),
    added: (id) => sink.push({ ...ref(`IP set ${id}`), kind: 'added' }),
    both: (id, x, y) => {
      if (!sameJson(x.comment, y.comment))
        sink.push({
          ...ref(`IP set ${id}`),
          kind: 'changed',
          field: 'comment',
          before: x.comment,
          after: y.comment,
        })
      const entry = (cidr: string): ItemRef => ref(`IP set ${id} entry ${cidr}`)
      keyedLists(x.entries, y.entries, (e) => str(e, 'cidr'), {
        removed: (cidr) => sink.push({ ...entry(cidr), kind: 'removed' }),
        added: (cidr) => sink.push({ ...entry(cidr), kind: 'added' }),
        both: (cidr, e, f) => fieldChanges(sink, entry(cidr), e, f, { ignore: DIGEST }),
      })
    },
  })
}

/** A user's fields without its tokens (compared one by one) and with its groups as a set. */
function userFields(u: PveObject): PveObject {
  const { tokens: _tokens, groups, ...rest } = u
  return groups === undefined ? rest : { ...rest, groups: nameSet(groups).join(',') }
}

function tokensOf(u: PveObject): PveObject[] {
  return Array.isArray(u.tokens)
    ? u.tokens.filter((t): t is PveObject => t !== null && typeof t === 'object' && !Array.isArray(t))
    : []
}

/** Every token as `user@realm!tokenid`, the id PVE's ACLs use; a token's secret is never in an inventory. */
function allTokens(users: readonly PveObject[] | undefined): PveObject[] | undefined {
  return users?.flatMap((u) =>
    tokensOf(u).map((t) => ({ ...t, tokenid: `${str(u, 'userid') ?? ''}!${str(t, 'tokenid') ?? ''}` })),
  )
}

const aclId = (e: PveObject): string =>
  `${str(e, 'path') ?? ''} ${str(e, 'type') ?? ''} ${str(e, 'ugid') ?? ''} ${str(e, 'roleid') ?? ''}`

export function diffAccess(sink: ChangeSink, b: InventoryCluster, a: InventoryCluster): void {
  const ab = b.access
  const aa = a.access
  const ref = (subject: string): ItemRef => ({ category: 'access', clusterId: a.id, subject })
  const simpleList = (
    before: readonly PveObject[] | undefined,
    after: readonly PveObject[] | undefined,
    idKey: string,
    word: string,
    fields: (o: PveObject) => PveObject = (o) => o,
  ): void =>
    keyedLists(before, after, (o) => str(o, idKey), {
      removed: (id) => sink.push({ ...ref(`${word} ${id}`), kind: 'removed' }),
      added: (id) => sink.push({ ...ref(`${word} ${id}`), kind: 'added' }),
      both: (id, x, y) => fieldChanges(sink, ref(`${word} ${id}`), fields(x), fields(y), { ignore: DIGEST }),
    })
  simpleList(ab.users, aa.users, 'userid', 'user', userFields)
  simpleList(allTokens(ab.users), allTokens(aa.users), 'tokenid', 'token')
  simpleList(ab.groups, aa.groups, 'groupid', 'group', (g) =>
    g.users === undefined ? g : { ...g, users: nameSet(g.users).join(',') },
  )
  simpleList(ab.roles, aa.roles, 'roleid', 'role', (r) =>
    r.privs === undefined ? r : { ...r, privs: nameSet(r.privs).join(',') },
  )
  keyedLists(ab.acl, aa.acl, aclId, {
    removed: (id) => sink.push({ ...ref(`ACL ${id}`), kind: 'removed' }),
    added: (id) => sink.push({ ...ref(`ACL ${id}`), kind: 'added' }),
    both: (id, x, y) => {
      if (!sameJson(x.propagate, y.propagate))
        sink.push({
          ...ref(`ACL ${id}`),
          kind: 'changed',
          field: 'propagate',
          before: x.propagate,
          after: y.propagate,
        })
    },
  })
  simpleList(ab.realms, aa.realms, 'realm', 'realm')
}
