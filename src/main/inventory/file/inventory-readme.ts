import type { InventoryManifest } from '../../../shared/model/inventory-snapshot'

/**
 * `README.txt`, the last member: plain words for whoever opens the archive without PVE Desk. It is not signed
 * and not read back; it only says how to check what is.
 */
export function readmeText(manifest: InventoryManifest): string {
  const signer = manifest.signature.signer
  return `PVE Desk inventory snapshot
===========================

What the fleet of Proxmox VE clusters was at ${manifest.takenAt} (UTC), taken by ${manifest.takenBy.user} on
${manifest.takenBy.host} with ${manifest.app.name} ${manifest.app.version}: ${manifest.summary.clusters} cluster(s),
${manifest.summary.nodes} node(s), ${manifest.summary.guests} guest(s), ${manifest.summary.issues} issue(s).

Members of this ZIP archive
  manifest.json       what the file holds: format "pvedesk-inventory", schemaVersion, when, who, which
                      PVE Desk, the SHA-256 and size of inventory.json, the signer's public key. Not signed.
  inventory.json      the inventory snapshot, canonical JSON (RFC 8785: keys sorted, no whitespace), UTF-8.
                      This is what is signed.
  inventory.json.sig  an OpenSSH signature (SSHSIG) of the exact bytes of inventory.json, Ed25519,
                      namespace "pvedesk-inventory".
  README.txt          this text. Not signed.

Signer (as manifest.json says; trust it only if you know this key from elsewhere,
for example from "pvedesk inventory key" on the installation that signs):
  ${signer.publicKey}
  ${signer.fingerprint}

Verifying with OpenSSH alone (ssh-keygen 8.1 or later)
  1. unzip <this file> inventory.json inventory.json.sig
  2. echo 'auditor ${signer.publicKey}' > allowed_signers
  3. ssh-keygen -Y verify -f allowed_signers -I auditor -n pvedesk-inventory -s inventory.json.sig < inventory.json
ssh-keygen prints: Good "pvedesk-inventory" signature for auditor with ED25519 key ${signer.fingerprint}
Any other answer: the content was changed, or another key signed it.
"sha256sum inventory.json" gives ${manifest.content.sha256}, as manifest.json says.
`
}
