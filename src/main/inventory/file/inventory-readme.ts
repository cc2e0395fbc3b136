import type { InventoryManifest } from '../../../shared/model/inventory-snapshot'

/**
 * `README.txt`, the last member: plain words for whoever opens the archive without PVE Desk. It is not signed
 * and not read back; it only says how to check what is. The auditor's allowed_signers is made from the key the
 * operator hands over (`pvedesk inventory key > key.pub`), never from this file's manifest: a forger writes
 * their own key there, and ssh-keygen would then say "Good".
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

Signer, as manifest.json names it. For convenience only: manifest.json is not signed, and a forged file
names its forger's key here, which its signature then matches. Never verify with this key:
  ${signer.publicKey}
  ${signer.fingerprint}

Verifying with OpenSSH alone (ssh-keygen 8.1 or later)
First get the signer's public key from its operator, by another way than this file: on the installation
that signs, "pvedesk inventory key > key.pub" writes it; the operator gives key.pub to the auditor (and can
read its fingerprint aloud: "ssh-keygen -lf key.pub"). Then, in a folder holding key.pub:
  1. unzip <this file> inventory.json inventory.json.sig
  2. echo "auditor $(cat key.pub)" > allowed_signers
  3. ssh-keygen -Y verify -f allowed_signers -I auditor -n pvedesk-inventory -s inventory.json.sig < inventory.json
ssh-keygen prints: Good "pvedesk-inventory" signature for auditor with ED25519 key SHA256:... (key.pub's
fingerprint). Any other answer: the content was changed, or another key than key.pub signed it.
With PVE Desk: pvedesk inventory verify <this file> --signer "$(cat key.pub)"
"sha256sum inventory.json" gives ${manifest.content.sha256}, as manifest.json says.
`
}
