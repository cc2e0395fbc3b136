import type { DrGuestRow, DrReport, SiteHealth } from '../../../shared/model/dr'
import type { InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import type { ChangeSink, ItemRef } from './compare'
import { byText, keyedLists } from './compare'
import { guestKey, guestSubject } from './guest-index'

/**
 * The `dr` category: each guest whose DR level changed (`level`, before → after with its reasons' flag codes),
 * each DR flag that appeared (`added`) or went (`removed`), each site whose level changed. Only when both
 * inventory snapshots carry a DR report (older files have none: nothing can be said). A guest present on one
 * side only is the guest category's news, not this one's.
 */
export function diffDr(sink: ChangeSink, from: InventorySnapshot, to: InventorySnapshot): void {
  const b = from.dr?.report
  const a = to.dr?.report
  if (b === undefined || a === undefined) return
  diffGuestRows(sink, b, a)
  diffSites(sink, b, a)
}

const rowId = (r: DrGuestRow): string => `${r.clusterId}\u0000${String(r.vmid).padStart(12, '0')}`

/** `red (replica-stale, no-backup)`: the level with the flags that gave it. */
const levelText = (level: string, codes: readonly string[]): string =>
  codes.length === 0 ? level : `${level} (${codes.join(', ')})`

function diffGuestRows(sink: ChangeSink, b: DrReport, a: DrReport): void {
  const none = (): void => undefined
  keyedLists(b.guests, a.guests, rowId, {
    removed: none,
    added: none,
    both: (_id, x, y) => {
      const before = new Set(x.flags.map((f) => f.code))
      const after = new Set(y.flags.map((f) => f.code))
      const sameFlags = before.size === after.size && [...before].every((c) => after.has(c))
      if (x.level === y.level && sameFlags) return
      const ref: ItemRef = {
        category: 'dr',
        clusterId: y.clusterId,
        subject: guestSubject(y),
        key: guestKey(y.clusterId, y.type, y.vmid),
        site: y.site,
      }
      if (x.level !== y.level)
        sink.push({
          ...ref,
          kind: 'changed',
          field: 'level',
          before: levelText(x.level, [...before]),
          after: levelText(y.level, [...after]),
        })
      for (const code of [...before].filter((c) => !after.has(c)).sort(byText))
        sink.push({ ...ref, kind: 'removed', field: 'flag', before: code })
      for (const code of [...after].filter((c) => !before.has(c)).sort(byText))
        sink.push({ ...ref, kind: 'added', field: 'flag', after: code })
    },
  })
}

function diffSites(sink: ChangeSink, b: DrReport, a: DrReport): void {
  const none = (): void => undefined
  const codes = (s: SiteHealth): string[] => [...new Set(s.problems.map((p) => p.code))]
  keyedLists(b.sites, a.sites, (s) => s.site, {
    removed: none,
    added: none,
    both: (site, x, y) => {
      if (x.level === y.level) return
      sink.push({
        category: 'dr',
        kind: 'changed',
        // A site spans clusters: the change names the first of them (the filter by site is what matters).
        clusterId: y.clusters[0]?.clusterId ?? '',
        subject: `site ${site}`,
        site,
        field: 'level',
        before: levelText(x.level, codes(x)),
        after: levelText(y.level, codes(y)),
      })
    },
  })
}
