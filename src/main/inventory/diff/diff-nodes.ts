import type {
  InventoryChange,
  InventoryCluster,
  InventoryNode,
  JsonValue,
} from '../../../shared/model/inventory-snapshot'
import { diffRules } from './diff-security'
import type { ItemRef, ChangeSink } from './compare'
import { DIGEST, fieldChanges, keyedLists, sameJson, str } from './compare'
import { epochIso, siteOf } from './guest-index'

function nodeRef(c: InventoryCluster, n: InventoryNode): ItemRef {
  return {
    category: 'node',
    clusterId: c.id,
    subject: `node ${n.node}`,
    key: `${c.id}/node/${n.node}`,
    site: siteOf(c, n.node),
  }
}

const kernelOf = (n: InventoryNode): string | undefined => {
  const current = n.nodeStatus?.['current-kernel']
  if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
    const release = current.release
    if (typeof release === 'string') return release
  }
  return str(n.nodeStatus, 'kversion')
}

export function diffNodes(sink: ChangeSink, b: InventoryCluster, a: InventoryCluster): void {
  keyedLists(b.nodes, a.nodes, (n) => n.node, {
    removed: (_id, n) => sink.push({ ...nodeRef(b, n), clusterId: a.id, kind: 'removed' }),
    added: (_id, n) => sink.push({ ...nodeRef(a, n), kind: 'added' }),
    both: (_id, x, y) => {
      const ref = nodeRef(a, y)
      const simple = (
        field: string,
        v: JsonValue | undefined,
        w: JsonValue | undefined,
        kind: InventoryChange['kind'] = 'changed',
      ): void => {
        if (!sameJson(v, w)) sink.push({ ...ref, kind, field, before: v, after: w })
      }
      simple('site', siteOf(b, x.node), siteOf(a, y.node), 'moved')
      simple('status', x.status, y.status)
      if (x.version !== undefined && y.version !== undefined)
        simple('version', str(x.version, 'version'), str(y.version, 'version'))
      if (x.nodeStatus !== undefined && y.nodeStatus !== undefined) simple('kernel', kernelOf(x), kernelOf(y))
      keyedLists(x.packages, y.packages, (p) => str(p, 'Package'), {
        removed: (id, p) => simple(`package ${id}`, p.Version, undefined),
        added: (id, p) => simple(`package ${id}`, undefined, p.Version),
        both: (id, p, q) => simple(`package ${id}`, p.Version, q.Version),
      })
      if (x.subscription !== undefined && y.subscription !== undefined) {
        for (const k of ['status', 'level', 'productname', 'nextduedate'])
          simple(`subscription ${k}`, x.subscription[k], y.subscription[k])
      }
      const certRef = (file: string): ItemRef => ({ ...ref, subject: `certificate ${file} on ${y.node}` })
      keyedLists(x.certificates, y.certificates, (c) => str(c, 'filename'), {
        removed: (id, c) => sink.push({ ...certRef(id), kind: 'removed', before: str(c, 'fingerprint') }),
        added: (id, c) => sink.push({ ...certRef(id), kind: 'added', after: str(c, 'fingerprint') }),
        both: (id, c, d) => {
          for (const k of ['fingerprint', 'notafter', 'subject', 'issuer'] as const) {
            const v = k === 'notafter' ? epochIso(c[k]) : c[k]
            const w = k === 'notafter' ? epochIso(d[k]) : d[k]
            if (!sameJson(v, w))
              sink.push({
                ...certRef(id),
                kind: 'changed',
                field: k === 'notafter' ? 'expiry' : k,
                before: v,
                after: w,
              })
          }
        },
      })
      const ifaceRef = (iface: string): ItemRef => ({ ...ref, subject: `interface ${iface} on ${y.node}` })
      keyedLists(x.network, y.network, (i) => str(i, 'iface'), {
        removed: (id) => sink.push({ ...ifaceRef(id), kind: 'removed' }),
        added: (id) => sink.push({ ...ifaceRef(id), kind: 'added' }),
        both: (id, i, j) => fieldChanges(sink, ifaceRef(id), i, j, { ignore: NETWORK_VOLATILE }),
      })
      if (x.dns !== undefined && y.dns !== undefined)
        fieldChanges(sink, ref, x.dns, y.dns, { prefix: 'dns', ignore: DIGEST })
      if (x.time !== undefined && y.time !== undefined) simple('timezone', x.time.timezone, y.time.timezone)
      diffRules(
        sink,
        { ...ref, category: 'firewall', subject: `node ${y.node} firewall` },
        x.firewallRules,
        y.firewallRules,
      )
    },
  })
}

const NETWORK_VOLATILE: ReadonlySet<string> = new Set(['priority', 'digest'])
