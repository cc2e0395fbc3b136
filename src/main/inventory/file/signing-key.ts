import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { hostname } from 'node:os'

import { z } from 'zod'

import { AppError } from '../../../shared/ipc/errors'
import { INVENTORY_SIGNATURE_NAMESPACE, type InventorySigner } from '../../../shared/model/inventory-snapshot'
import type { SigningKeyStore } from '../../secrets/signing-key-store'
import { fingerprintOf, publicKeyLine, publicKeyOf } from './ssh-public-key'
import { sshsigSign } from './sshsig'

/** This installation's inventory signing key. The private key stays inside: only signatures come out. */
export interface InventorySigningKey {
  readonly signer: InventorySigner
  /** The armored SSHSIG of `data`, namespace `pvedesk-inventory`, hash sha512. */
  sign(data: Uint8Array): string
}

/** What the keychain entry holds: small JSON, so that a later version can add fields. */
const StoredKey = z.object({
  v: z.literal(1),
  /** The Ed25519 private key, PKCS#8 DER in base64. */
  privateKey: z.string().min(1).max(4096),
  /** The public key line's comment, fixed when the key is made: `pvedesk-inventory@<host>`. */
  comment: z.string().max(256),
})

/**
 * The signing key kept in `store`, created on first use (Ed25519, comment `pvedesk-inventory@<host>`).
 *
 * A stored value that does not read is never replaced: that would silently change the installation's signing
 * identity, and every earlier inventory snapshot would then seem signed by a stranger. It fails with `conflict`
 * (the keychain works — not `keychain_unavailable` —, and it is not our bug — not `internal` —: the stored state
 * conflicts with signing, and a person must decide: restore the entry, or delete it to make a new key).
 */
export async function loadSigningKey(
  store: SigningKeyStore,
  host = hostname(),
): Promise<InventorySigningKey> {
  const stored = (await store.read()) ?? (await firstUse(store, host))
  return fromStored(stored)
}

/**
 * Makes and stores the key, inside the store's exclusive section when it has one: read again (another process
 * may have made it while we waited), write only if still absent, and use what is read back, never what was
 * written: if another process's write won, its key is the one both use (none signs with a key stored nowhere).
 */
async function firstUse(store: SigningKeyStore, host: string): Promise<string> {
  const create = async (): Promise<string> => {
    const existing = await store.read()
    if (existing !== undefined) return existing
    await store.write(newKeyValue(host))
    const stored = await store.read()
    if (stored === undefined) throw unreadable('the keychain did not keep the new key')
    return stored
  }
  return store.exclusive === undefined ? create() : store.exclusive(create)
}

function newKeyValue(host: string): string {
  const { privateKey } = generateKeyPairSync('ed25519')
  const der = privateKey.export({ format: 'der', type: 'pkcs8' })
  return JSON.stringify({
    v: 1,
    privateKey: der.toString('base64'),
    comment: `${INVENTORY_SIGNATURE_NAMESPACE}@${host.replace(/\s+/g, '-') || 'localhost'}`,
  } satisfies z.infer<typeof StoredKey>)
}

function fromStored(stored: string): InventorySigningKey {
  let privateKey: KeyObject
  let comment: string
  try {
    const value = StoredKey.parse(JSON.parse(stored))
    privateKey = createPrivateKey({
      key: Buffer.from(value.privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`a ${privateKey.asymmetricKeyType} key`)
    comment = value.comment
  } catch (error) {
    // The reason only, never the value (it holds the private key; JSON.parse's message quotes its input).
    throw unreadable(
      error instanceof SyntaxError
        ? 'not JSON'
        : error instanceof z.ZodError
          ? 'not a stored key'
          : describe(error),
    )
  }
  const publicKey = publicKeyOf(privateKey)
  const signer: InventorySigner = {
    publicKey: publicKeyLine(publicKey, comment),
    fingerprint: fingerprintOf(publicKey),
  }
  return {
    signer,
    sign: (data) => sshsigSign(privateKey, data, INVENTORY_SIGNATURE_NAMESPACE),
  }
}

function unreadable(reason: string): AppError {
  return new AppError({
    code: 'conflict',
    message:
      `The inventory signing key in the OS keychain (service pve-desk, account inventory-signing-key) cannot be ` +
      `read (${reason}). It was left as it is: a new key would change this installation's signing identity. ` +
      `Restore the entry, or delete it to have a new key made.`,
    detail: { reason: 'signing_key_unreadable' },
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
