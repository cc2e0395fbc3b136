import {
  INVENTORY_MEMBERS,
  INVENTORY_SIGNATURE_NAMESPACE,
} from '../../../../../shared/model/inventory-snapshot'

/** The principal the auditor's allowed_signers file names; `ssh-keygen -Y verify -I` must say the same. */
export const SIGNER_IDENTITY = 'pvedesk'

/** What an auditor runs with OpenSSH alone (8.1+) to check a file: one line to save, then two commands. */
export interface VerifyCommands {
  /** The allowed_signers line: principal, the namespace this key may sign in, the key itself. */
  allowedSigners: string
  /** Takes `inventory.json` and `inventory.json.sig` out of the ZIP, byte for byte. */
  extract: string
  verify: string
}

/**
 * The commands for this key. The public key line keeps only its type and base64 body: the comment
 * (`pvedesk-inventory@host`) is not part of the key, and a host name with spaces would break the line.
 */
export function verifyCommands(publicKey: string, file = 'FILE'): VerifyCommands {
  const [type = '', body = ''] = publicKey.trim().split(/\s+/)
  const { content, signature } = INVENTORY_MEMBERS
  const ns = INVENTORY_SIGNATURE_NAMESPACE
  return {
    allowedSigners: `${SIGNER_IDENTITY} namespaces="${ns}" ${type} ${body}`,
    extract: `unzip -p ${file} ${content} > ${content}\nunzip -p ${file} ${signature} > ${signature}`,
    verify: `ssh-keygen -Y verify -f allowed_signers -I ${SIGNER_IDENTITY} -n ${ns} -s ${signature} < ${content}`,
  }
}
