import { csvField } from '../../../../shared/csv-field'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery, searchStatus } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { WorkspacePreferences } from '../../../../shared/model/workspace'
import type { GroupKey } from '../views/grouping'
import { FAVOURITES, compareGroups, groupContext, groupName, groupsOf, isFavourite } from '../views/grouping'

/**
 * The CSV of the current view: the guests the search matches (under collapsed rows too), one line per guest
 * and per group it shows under in the grouping — a guest under two tags is on two lines, a favourite also on
 * the favourites' line, as in the tree. Columns are stable English words for scripts; values are PVE's (bytes,
 * seconds, CPU as a percentage with a `.`), tags joined with `;` as PVE writes them. RFC 4180 with CRLF, every
 * field through {@link csvField} (a name `=HYPERLINK(…)` reads as text), UTF-8 with a BOM for Excel.
 */
export const VIEW_CSV_COLUMNS = [
  'site',
  'cluster',
  'node',
  'vmid',
  'name',
  'type',
  'status',
  'tags',
  'pool',
  'ha',
  'lock',
  'cpu_percent',
  'memory_bytes',
  'max_memory_bytes',
  'disk_bytes',
  'uptime_seconds',
  'group',
] as const

export const UTF8_BOM = '\uFEFF'

export interface ViewCsvInput {
  facts: Iterable<GuestFacts>
  filter: string
  preferences: Pick<WorkspacePreferences, 'grouping' | 'folders' | 'favourites'>
  /** A group's title as the tree shows it (the "untagged" group in the UI's language). */
  groupTitle: (group: GroupKey, name: string) => string
}

const num = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '' : String(n))
const percent = (cpu: number | undefined): string =>
  cpu === undefined || !Number.isFinite(cpu) ? '' : String(Math.round(cpu * 10_000) / 100)

const collator = new Intl.Collator(undefined, { numeric: true })

/** The lines of the view (without the header), in the tree's order of groups, then cluster, node, VMID. */
export function viewRows(input: ViewCsvInput): string[][] {
  const matches = compileQuery(parseQuery(input.filter).query)
  const { grouping, folders, favourites } = input.preferences
  const shown: GuestFacts[] = []
  const sites = new Map<string, string>()
  for (const f of input.facts)
    if (matches(f)) {
      shown.push({ ...f })
      sites.set(f.guest.key, f.site)
    }
  const ctx = groupContext((g) => sites.get(g.key) ?? '', folders, favourites)
  const byGroup = new Map<string, { key: GroupKey; facts: GuestFacts[] }>()
  const add = (key: GroupKey, f: GuestFacts): void => {
    const entry = byGroup.get(key.id)
    if (entry === undefined) byGroup.set(key.id, { key, facts: [f] })
    else entry.facts.push(f)
  }
  for (const f of shown) {
    if (isFavourite(f.guest, ctx)) add(FAVOURITES, f)
    for (const key of groupsOf(f.guest, grouping, ctx)) add(key, f)
  }
  const groups = [...byGroup.values()].sort((a, b) => compareGroups(a.key, b.key, ctx))
  const rows: string[][] = []
  for (const { key, facts } of groups) {
    const title = input.groupTitle(key, groupName(key, folders))
    facts.sort(
      (a, b) =>
        collator.compare(a.clusterName, b.clusterName) ||
        collator.compare(a.guest.node, b.guest.node) ||
        a.guest.vmid - b.guest.vmid,
    )
    for (const { guest: g, site, clusterName } of facts)
      rows.push([
        site,
        clusterName,
        g.node,
        String(g.vmid),
        g.name,
        g.template ? `${g.type} template` : g.type,
        searchStatus(g),
        g.tags.join(';'),
        g.pool ?? '',
        g.hastate ?? '',
        g.lock ?? '',
        percent(g.cpu),
        num(g.mem),
        num(g.maxmem),
        num(g.disk),
        num(g.uptime),
        title,
      ])
  }
  return rows
}

/** The whole file's text: BOM, header, lines, CRLF. */
export function viewCsv(rows: readonly (readonly string[])[]): string {
  const lines = [VIEW_CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))]
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`
}

const two = (n: number): string => String(n).padStart(2, '0')

/** `pvedesk-view-YYYYMMDD-HHMMSS.csv`, in local time (the operator's clock, as the file manager shows it). */
export const viewCsvName = (d: Date): string =>
  `pvedesk-view-${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}.csv`

/**
 * Saves the text as a download through a Blob link: the browser host downloads it; Electron, with no
 * `will-download` handler of ours, asks where to save it (its default save dialog). The object URL is revoked
 * once the click has handed it over.
 */
export function downloadText(text: string, name: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => {
    URL.revokeObjectURL(url)
  }, 10_000)
}
