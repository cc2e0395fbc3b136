import { stat } from 'node:fs/promises'
import { join } from 'node:path'

import type { ExportFormat } from '../shared/ipc/domains/inventory'
import { AppError } from '../shared/ipc/errors'
import type { InventoryChange, InventoryDiff, JsonValue } from '../shared/model/inventory-snapshot'
import { diffInventories } from '../main/inventory/diff/diff'
import { exportFileName, exportInventory } from '../main/inventory/export/export'
import { readInventoryFile, type VerifiedInventory } from '../main/inventory/file/inventory-file'
import { EXIT, exitCodeFor } from './exit-codes'
import { type CliIo, safe, SIGNER_NOT_CHECKED } from './inventory-file-commands'

/** Who signed an inventory snapshot, and whether that signer was the one required. */
export interface SignerReport {
  fingerprint: string
  publicKey: string
  /** True only with `--signer`: the file was refused unless signed by that key. */
  checked: boolean
}

const signerOf = (v: VerifiedInventory, checked: boolean): SignerReport => ({
  fingerprint: v.signer.fingerprint,
  publicKey: v.signer.publicKey,
  checked,
})

/** Without --signer, stderr says so too (as verify and show do): a script piping stdout still warns its user. */
const warnUnchecked = (io: CliIo): void => io.err(`pvedesk: warning: ${SIGNER_NOT_CHECKED}`)

/** The line saying who signed: its fingerprint and whether it was the one required. */
const signedBy = (s: SignerReport): string =>
  `signed by ${s.fingerprint}${s.checked ? ' (the required signer)' : ''}`

const reading = (signer: string | undefined): { requireSigner?: string } =>
  signer === undefined ? {} : { requireSigner: signer }

/**
 * `pvedesk inventory diff A B [--signer KEY|FINGERPRINT] [--json]`: both files verified first (digest and
 * signature, and the signer when `--signer` is given), then what drifted from A to B, grouped by category, or
 * the InventoryDiff as JSON with `signers` beside it. Exit 0 whether or not they differ; 10 when a file is not a
 * valid inventory snapshot or not signed by the required key (signer_untrusted), 7 when there is no such file.
 */
export async function inventoryDiff(
  io: CliIo,
  a: string,
  b: string,
  opts: { json: boolean; signer?: string },
): Promise<number> {
  let from: VerifiedInventory
  let to: VerifiedInventory
  try {
    from = await readInventoryFile({ path: a }, reading(opts.signer))
    to = await readInventoryFile({ path: b }, reading(opts.signer))
  } catch (error) {
    return failed(io, AppError.from(error))
  }
  const checked = opts.signer !== undefined
  const signers = { from: signerOf(from, checked), to: signerOf(to, checked) }
  const diff = diffInventories(from, to)
  if (!checked) warnUnchecked(io)
  if (opts.json) {
    io.out(JSON.stringify({ ...diff, signers }, null, 2))
    return EXIT.ok
  }
  for (const line of diffLines(diff, signers)) io.out(line)
  return EXIT.ok
}

/** Category words for the grouped list, in the diff's own order. */
const GROUPS: Record<InventoryChange['category'], string> = {
  cluster: 'clusters',
  node: 'nodes',
  guest: 'guests',
  storage: 'storage',
  pool: 'pools',
  backup: 'backups',
  replication: 'replication',
  ha: 'HA',
  firewall: 'firewall',
  access: 'access',
  dr: 'disaster recovery',
}

const MAX_VALUE = 200

/** A value for a terminal line: strings as they are, others as JSON, long ones cut, controls made visible. */
function shown(v: JsonValue | undefined): string {
  if (v === undefined) return '(none)'
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return safe(s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s)
}

export function diffLines(diff: InventoryDiff, signers?: { from: SignerReport; to: SignerReport }): string[] {
  const by = (s: SignerReport | undefined): string => (s === undefined ? '' : `, ${signedBy(s)}`)
  const lines = [
    `from ${diff.from.takenAt} (sha256 ${diff.from.sha256})${by(signers?.from)}`,
    `to   ${diff.to.takenAt} (sha256 ${diff.to.sha256})${by(signers?.to)}`,
  ]
  if (signers !== undefined && !signers.from.checked) lines.push(SIGNER_NOT_CHECKED)
  if (diff.changes.length === 0) {
    lines.push('no changes')
    return lines
  }
  lines.push(`${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`)
  let group: InventoryChange['category'] | undefined
  for (const c of diff.changes) {
    if (c.category !== group) {
      group = c.category
      const n = diff.changes.filter((x) => x.category === group).length
      lines.push('', `${GROUPS[group]} (${n})`)
    }
    const where = `${safe(c.clusterId)}${c.site === undefined ? '' : ` [${safe(c.site)}]`}`
    const what = `${where} ${safe(c.subject)}`
    if (c.kind === 'added' || c.kind === 'removed') {
      const value = c.kind === 'added' ? c.after : c.before
      lines.push(
        `  ${c.kind === 'added' ? '+' : '-'} ${what}: ${c.kind}${value === undefined ? '' : ` (${shown(value)})`}`,
      )
    } else {
      lines.push(`  ~ ${what}: ${c.kind} ${safe(c.field ?? '')}: ${shown(c.before)} → ${shown(c.after)}`)
    }
  }
  return lines
}

/**
 * `pvedesk inventory export FILE --format xlsx|csv|json|html|pdf --output PATH [--signer KEY|FINGERPRINT]`: the
 * file verified first (and its signer, when required: exit 10 signer_untrusted otherwise), then written
 * atomically; the output says who signed it. For csv PATH is the folder to write (an earlier CSV export there is replaced, anything
 * else refused); for the others an existing folder receives the file under its own name
 * (`pvedesk-inventory-20261201-120000Z.xlsx`).
 */
export async function inventoryExport(
  io: CliIo,
  file: string,
  opts: { format: ExportFormat; output: string; signer?: string },
): Promise<number> {
  try {
    const verified = await readInventoryFile({ path: file }, reading(opts.signer))
    let path = opts.output
    if (opts.format !== 'csv' && (await isFolder(path)))
      path = join(path, exportFileName(verified, opts.format))
    await exportInventory(verified, opts.format, path)
    io.out(`wrote ${path} (${opts.format}, inventory snapshot of ${verified.manifest.takenAt})`)
    io.out(signedBy(signerOf(verified, opts.signer !== undefined)))
    if (opts.signer === undefined) {
      io.out(SIGNER_NOT_CHECKED)
      warnUnchecked(io)
    }
    return EXIT.ok
  } catch (error) {
    return failed(io, AppError.from(error))
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

function failed(io: CliIo, e: AppError): number {
  const reason = e.detail?.reason
  io.err(`pvedesk: ${e.code}: ${safe(e.message)}${reason === undefined ? '' : ` (${reason})`}`)
  return exitCodeFor(e.code)
}
