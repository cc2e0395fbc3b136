import { AppError } from '../shared/ipc/errors'
import type { InventoryCluster, InventoryMeta } from '../shared/model/inventory-snapshot'
import {
  type InventoryVerification,
  readInventoryFile,
  type VerifiedInventory,
  verifyInventoryFile,
} from '../main/inventory/file/inventory-file'
import { loadSigningKey } from '../main/inventory/file/signing-key'
import type { SigningKeyStore } from '../main/secrets/signing-key-store'
import type { CliContext } from './context'
import { EXIT, exitCodeFor } from './exit-codes'

/** What these commands need: an auditor's laptop has no PVE Desk settings, and verify/show need no keychain. */
export type CliIo = Pick<CliContext, 'out' | 'err'>

/**
 * What is printed when no --signer was given. A signature is valid for the key the file itself carries, and a
 * forger carries their own key: "valid" alone says the file is intact, never who signed it.
 */
export const SIGNER_NOT_CHECKED =
  'signer NOT checked against a trusted key: the signature is valid for the key inside the file; ' +
  'give --signer <key.pub line or SHA256 fingerprint> to check who signed'
const SIGNER_CHECKED = 'signer checked: it is the key --signer gives'

/**
 * `pvedesk inventory verify FILE [--signer KEY|FINGERPRINT] [--json]`: exit 0 only when the digest and the
 * signature hold (and the signer is the one required); 10 when they do not, 7 when there is no such file.
 * The content is not judged against the schema (`show` does that): a valid signature is the answer.
 * Without --signer, every output says the signer was not checked (`signerChecked: false` in JSON).
 */
export async function inventoryVerify(
  io: CliIo,
  file: string,
  opts: { signer?: string; json: boolean },
): Promise<number> {
  let verified: InventoryVerification
  try {
    verified = await verifyInventoryFile(
      { path: file },
      opts.signer === undefined ? {} : { requireSigner: opts.signer },
    )
  } catch (error) {
    const e = AppError.from(error)
    if (opts.json) io.out(JSON.stringify({ valid: false, error: e.toShape() }, null, 2))
    return failed(io, e)
  }
  const { manifest, signer } = verified
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          valid: true,
          signerChecked: opts.signer !== undefined,
          ...(opts.signer === undefined ? { warning: SIGNER_NOT_CHECKED } : {}),
          signer,
          takenAt: manifest.takenAt,
          takenBy: manifest.takenBy,
          app: manifest.app,
          sha256: verified.sha256,
          bytes: verified.bytes,
          summary: manifest.summary,
        },
        null,
        2,
      ),
    )
    return EXIT.ok
  }
  io.out(`valid: signed by ${signer.fingerprint} (${safe(signer.publicKey)})`)
  io.out(opts.signer === undefined ? SIGNER_NOT_CHECKED : SIGNER_CHECKED)
  if (opts.signer === undefined) io.err(`pvedesk: warning: ${SIGNER_NOT_CHECKED}`)
  io.out(`taken at: ${manifest.takenAt}`)
  io.out(`taken by: ${takenBy(verified.meta)}`)
  io.out(`sha256: ${verified.sha256} (inventory.json, ${verified.bytes} bytes)`)
  return EXIT.ok
}

/**
 * `pvedesk inventory show FILE [--signer KEY|FINGERPRINT] [--json]`: verifies (exit 10 signer_untrusted when
 * --signer does not match), then an overview (or the whole inventory snapshot). Without --signer the overview
 * says the signer was not checked, and so does stderr (the JSON on stdout stays the snapshot alone).
 */
export async function inventoryShow(
  io: CliIo,
  file: string,
  opts: { json: boolean; signer?: string },
): Promise<number> {
  let verified: VerifiedInventory
  try {
    verified = await readInventoryFile(
      { path: file },
      opts.signer === undefined ? {} : { requireSigner: opts.signer },
    )
  } catch (error) {
    return failed(io, AppError.from(error))
  }
  const checked = opts.signer !== undefined
  if (!checked) io.err(`pvedesk: warning: ${SIGNER_NOT_CHECKED}`)
  if (opts.json) {
    io.out(JSON.stringify(verified.snapshot, null, 2))
    return EXIT.ok
  }
  for (const line of overview(verified, checked)) io.out(line)
  return EXIT.ok
}

/**
 * `pvedesk inventory key`: this installation's public key line on stdout (`> key.pub` gives a usable file), its
 * fingerprint on stderr. Makes the key on first use, as the first capture would.
 */
export async function inventoryKey(io: CliIo, store: SigningKeyStore): Promise<number> {
  try {
    const key = await loadSigningKey(store)
    io.out(key.signer.publicKey)
    io.err(`fingerprint: ${key.signer.fingerprint}`)
    return EXIT.ok
  } catch (error) {
    return failed(io, AppError.from(error))
  }
}

function failed(io: CliIo, e: AppError): number {
  const reason = e.detail?.reason
  io.err(`pvedesk: ${e.code}: ${safe(e.message)}${reason === undefined ? '' : ` (${reason})`}`)
  return exitCodeFor(e.code)
}

function overview(verified: VerifiedInventory, signerChecked: boolean): string[] {
  const { snapshot, signer } = verified
  const lines = [
    `inventory snapshot taken at ${snapshot.meta.takenAt} by ${takenBy(snapshot.meta)} in ${seconds(snapshot.meta.durationMs)}`,
    `signed by ${signer.fingerprint} (${safe(signer.publicKey)}): valid`,
    signerChecked ? SIGNER_CHECKED : SIGNER_NOT_CHECKED,
    `sha256 ${verified.sha256}`,
    '',
    `clusters (${snapshot.clusters.length})`,
  ]
  for (const cluster of snapshot.clusters) lines.push(...clusterLines(cluster))
  lines.push('', `issues (${snapshot.issues.length})`)
  for (const issue of snapshot.issues)
    lines.push(
      `  ${safe(issue.clusterId)}${issue.node === undefined ? '' : ` ${safe(issue.node)}`} ${safe(issue.path)}: ${safe(issue.code)}: ${safe(issue.message)}`,
    )
  lines.push('', `console sessions: ${snapshot.consoleSessions.length}`)
  return lines
}

function clusterLines(cluster: InventoryCluster): string[] {
  const qemu = cluster.guests.filter((g) => g.type === 'qemu').length
  const lxc = cluster.guests.length - qemu
  const lastKnown =
    cluster.lastKnown === undefined
      ? ''
      : ` — last-known data of ${cluster.lastKnown.at} (${cluster.lastKnown.source}), not of this capture`
  const lines = [
    `  ${safe(cluster.id)} (${safe(cluster.name)}): ${cluster.reach}${lastKnown}; ` +
      `${count(cluster.nodes.length, 'node')}, ${count(cluster.guests.length, 'guest')} (${qemu} qemu, ${lxc} lxc)`,
  ]
  const bySite = new Map<string, { nodes: number; guests: number }>()
  const siteOf = (node: string): string => cluster.sites[node] ?? cluster.defaultSite
  const at = (site: string): { nodes: number; guests: number } => {
    let entry = bySite.get(site)
    if (entry === undefined) bySite.set(site, (entry = { nodes: 0, guests: 0 }))
    return entry
  }
  for (const node of cluster.nodes) at(node.site).nodes++
  for (const guest of cluster.guests) at(siteOf(guest.node)).guests++
  for (const [site, n] of [...bySite].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`    site ${safe(site)}: ${count(n.nodes, 'node')}, ${count(n.guests, 'guest')}`)
  return lines
}

function takenBy(meta: InventoryMeta): string {
  const { takenBy: by, app, trigger } = meta
  return `${safe(by.user)} on ${safe(by.host)} (${safe(app.name)} ${safe(app.version)}, ${trigger})`
}

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/**
 * Text from a file (any file: an attacker's) made harmless for a terminal: control characters, escape sequences
 * included, are shown as `\xNN` / `\uNNNN` instead of being obeyed.
 */
export function safe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
