import type { Cell } from './cells'
import { cellText, readableTime } from './cells'
import type { Report, ReportTable } from './report'
import { drCountsText } from './report-dr'
import { writeFileAtomically } from './atomic-output'

/**
 * The printable report as one self-contained HTML page: inline CSS only, and a Content-Security-Policy that
 * allows nothing else (no script, image, font or connection), so that even a value that slipped through could
 * not run or call out. Every value is HTML-escaped: a guest named `<img src=x onerror=alert(1)>` prints as text.
 */

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const cell = (c: Cell): string => escapeHtml(c instanceof Date ? readableTime(c) : cellText(c))

function table(t: ReportTable, empty: string): string {
  if (t.rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`
  const head = t.columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('')
  const numeric = t.columns.map((c) => c.format !== 'text' && c.format !== 'date')
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${numeric[i] === true ? ' class="n"' : ''}>${cell(c)}</td>`).join('')}</tr>`,
    )
    .join('\n')
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

const CSS = `
body { font: 10pt/1.35 "Segoe UI", Helvetica, Arial, sans-serif; color: #111; margin: 24px; }
h1 { font-size: 20pt; margin: 0 0 4px; } h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 10px; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; } dt { font-weight: bold; }
dd { margin: 0; word-break: break-all; } .empty { color: #555; font-style: italic; }
.cover { min-height: 90vh; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; } .cover { min-height: 0; }
  section { break-before: page; } thead { display: table-header-group; } tr { break-inside: avoid; }
}`

export function reportHtml(r: Report): string {
  const t = r.totals
  const totals: [string, string | number][] = [
    ['Sites', t.sites.length],
    ['Clusters', t.clusters],
    ['Nodes', t.nodes],
    ['VMs', t.vms],
    ['Containers', t.containers],
    ['Running guests', t.running],
    ['Guests not backed up', t.notBackedUp],
    ['Issues', t.issues],
  ]
  const facts: [string, string][] = [
    ['Taken at', readableTime(r.takenAt)],
    ['Taken by', r.takenBy],
    ['With', `${r.app} (${r.trigger})`],
    ['Signer', r.signer.fingerprint],
    ['Signer public key', r.signer.publicKey],
    ['SHA-256 of inventory.json', r.sha256],
  ]
  const dl = (items: [string, string | number][]): string =>
    `<dl>${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`).join('')}</dl>`
  const sites = r.sites
    .map(
      (s) => `<section>
<h2>Site ${escapeHtml(s.site)}</h2>
<h3>Clusters</h3>
${table(s.clusters, 'No cluster.')}
<h3>Nodes</h3>
${table(s.nodes, 'No node.')}
<h3>Guests (${s.guests.rows.length})</h3>
${table(s.guests, 'No guest.')}
</section>`,
    )
    .join('\n')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${r.title} ${readableTime(r.takenAt)}`)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="cover">
<h1>${escapeHtml(r.title)}</h1>
${dl(facts)}
<h2>Sites</h2>
<p>${escapeHtml(t.sites.join(', ') || '—')}</p>
<h2>Totals</h2>
${dl(totals)}
<h2>Clusters</h2>
${table(r.clusters, 'No cluster.')}
<p>This report is not signed: the inventory snapshot file is. Check the file with <code>pvedesk inventory verify FILE</code>, or with OpenSSH alone as its README.txt says (<code>ssh-keygen -Y verify -f allowed_signers -I auditor -n pvedesk-inventory -s inventory.json.sig &lt; inventory.json</code>).</p>
</div>
${sites}
${drSection(r)}
<section>
<h2>Issues (${r.issues.rows.length})</h2>
${table(r.issues, 'Every call of the capture answered.')}
</section>
</body>
</html>
`
}

/** Counts, then the red and amber guests with their reasons, then each site's health. */
function drSection(r: Report): string {
  if (r.dr === undefined) return ''
  const c = r.dr.counts
  return `<section>
<h2>Disaster recovery</h2>
<p>${escapeHtml(drCountsText(c))}</p>
<h3>Red and amber guests (${r.dr.guests.rows.length})</h3>
${table(r.dr.guests, 'No guest is red or amber.')}
<h3>Sites</h3>
${table(r.dr.sites, 'No site.')}
</section>`
}

export async function writeHtml(report: Report, path: string): Promise<void> {
  await writeFileAtomically(path, Buffer.from(reportHtml(report), 'utf8'))
}
