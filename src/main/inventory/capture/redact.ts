import type {
  InventoryCluster,
  JsonValue,
  PendingChange,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import { REDACTED } from '../../../shared/model/inventory-snapshot'
import { isPlainObject } from './pve-values'
import { sshKeysAsFingerprints } from './ssh-public-keys'

/**
 * The secrets an inventory snapshot never holds, as `REDACTION_RULES` (inventory-snapshot.ts) lists them for
 * the README. Keys are matched in any case (PVE's are lower-case, an edited config or a hostile server need not
 * be). A redacted value becomes `(redacted)`, so that an auditor still sees that one was set. Every function is
 * idempotent: redacting twice (last-known data taken from an earlier inventory snapshot) changes nothing.
 */

/** `cipassword` and every key that names a secret by its name. */
const SECRET_WORD = /password|passwd|secret|token|passphrase|apikey/i

export const isSecretKey = (key: string): boolean => SECRET_WORD.test(key)

/** One key of a guest's config (qemu or lxc): the value kept, replaced, or reduced to key fingerprints. */
export function redactConfigValue(key: string, value: JsonValue): JsonValue {
  if (key.toLowerCase() === 'sshkeys')
    return typeof value === 'string' ? sshKeysAsFingerprints(value) : REDACTED
  return isSecretKey(key) ? REDACTED : value
}

export function redactConfig(config: PveObject): PveObject {
  const out: PveObject = {}
  for (const [key, value] of Object.entries(config)) out[key] = redactConfigValue(key, value)
  return out
}

/** Both the value in effect and the pending one of each entry. */
export function redactPending(entries: readonly PendingChange[]): PendingChange[] {
  return entries.map((entry) => ({
    ...entry,
    ...(entry.value === undefined ? {} : { value: redactConfigValue(entry.key, entry.value) }),
    ...(entry.pending === undefined ? {} : { pending: redactConfigValue(entry.key, entry.pending) }),
  }))
}

/**
 * storage.cfg entries: CIFS/PBS `password`, PBS `encryption-key`, Ceph `keyring`, and any key named for a
 * secret. PVE keeps most of them in /etc/pve/priv and does not list them, but a server that does must not have
 * them written down. `master-pubkey` (PBS, a public key) and `fingerprint` (a certificate's) are kept.
 */
const STORAGE_SECRETS = new Set(['password', 'encryption-key', 'keyring'])

export function redactStorageDefinition(definition: PveObject): PveObject {
  return redactKeys(definition, (key) => STORAGE_SECRETS.has(key) || isSecretKey(key))
}

/** `key` is the subscription key; `signature` is an offline key as signed by Proxmox: kept out as well. */
const SUBSCRIPTION_SECRETS = new Set(['key', 'signature'])

export function redactSubscription(subscription: PveObject): PveObject {
  return redactKeys(subscription, (key) => SUBSCRIPTION_SECRETS.has(key))
}

/**
 * `GET /access/users?full=1`: `keys` (Yubico/OTP second-factor keys), any password-like field, and in `tokens`
 * anything but the token's id, comment, expiry and privsep flag (PVE sends no `value` there; a token's secret is
 * only ever in the answer that created it, but a server that sent one must not have it kept).
 */
const TOKEN_FIELDS_KEPT = new Set(['tokenid', 'comment', 'expire', 'privsep'])

export function redactUser(user: PveObject): PveObject {
  const out: PveObject = {}
  for (const [key, value] of Object.entries(user)) {
    const lower = key.toLowerCase()
    if (lower === 'tokens') out[key] = Array.isArray(value) ? value.map(redactToken) : REDACTED
    else if (lower === 'keys' || isSecretKey(key)) out[key] = REDACTED
    else out[key] = value
  }
  return out
}

function redactToken(token: JsonValue): JsonValue {
  if (!isPlainObject(token)) return REDACTED
  const out: PveObject = {}
  for (const [key, value] of Object.entries(token))
    out[key] = TOKEN_FIELDS_KEPT.has(key.toLowerCase()) ? value : REDACTED
  return out
}

function redactKeys(object: PveObject, secret: (lowerKey: string) => boolean): PveObject {
  const out: PveObject = {}
  for (const [key, value] of Object.entries(object)) out[key] = secret(key.toLowerCase()) ? REDACTED : value
  return out
}

/** Every rule over one cluster's captured data (also what guards last-known data from elsewhere). */
export function redactCluster(cluster: InventoryCluster): InventoryCluster {
  return {
    ...cluster,
    nodes: cluster.nodes.map((node) =>
      node.subscription === undefined
        ? node
        : { ...node, subscription: redactSubscription(node.subscription) },
    ),
    guests: cluster.guests.map((guest) => ({
      ...guest,
      ...(guest.config === undefined ? {} : { config: redactConfig(guest.config) }),
      ...(guest.pending === undefined ? {} : { pending: redactPending(guest.pending) }),
    })),
    storage: {
      ...cluster.storage,
      ...(cluster.storage.definitions === undefined
        ? {}
        : { definitions: cluster.storage.definitions.map(redactStorageDefinition) }),
    },
    access: {
      ...cluster.access,
      ...(cluster.access.users === undefined ? {} : { users: cluster.access.users.map(redactUser) }),
    },
  }
}
