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
const SECRET_WORD =
  /password|passwd|secret|token|passphrase|apikey|ticket|csrf|privkey|private[-_]?key|credential/i

/** OpenID realms' client secret (domains.cfg `client-key`): a secret whose name says only "key". */
const SECRET_KEYS = new Set(['client-key'])

export const isSecretKey = (key: string): boolean =>
  SECRET_WORD.test(key) || SECRET_KEYS.has(key.toLowerCase())

/** A PEM private key pasted anywhere (a description, a hook script's argument): never kept. */
const PRIVATE_KEY_PEM = /PRIVATE KEY-----/

/**
 * `NAME=value` assignments inside one value whose NAME names a secret, each value replaced: qemu `args`
 * (`-spice port=5930,password=…`, `-object secret,id=s0,data=…`: a QEMU secret object's `data` is the secret
 * itself), raw LXC keys (`lxc.environment: DB_PASSWORD=…`, the whole rest of the line being the value) and a
 * container's `env` (one assignment a line or NUL-separated).
 */
function redactAssignments(key: string, value: string): string {
  const lower = key.toLowerCase()
  if (lower === 'args')
    return value.replace(/\S+/g, (word) => {
      const parts = word.split(',')
      const secretObject = parts[0] === 'secret'
      return parts
        .map((part) => {
          const at = part.indexOf('=')
          if (at <= 0) return part
          const name = part.slice(0, at).replace(/^-+/, '')
          return isSecretKey(name) || (secretObject && name === 'data')
            ? `${part.slice(0, at)}=${REDACTED}`
            : part
        })
        .join(',')
    })
  return value.replace(/^([^=\n\0]*)=[^\n\0]*/gm, (line, name: string) =>
    isSecretKey(name.trim()) ? `${name}=${REDACTED}` : line,
  )
}

const hasAssignments = (lowerKey: string): boolean =>
  lowerKey === 'args' || lowerKey === 'env' || lowerKey.startsWith('lxc.')

/** One key of a guest's config (qemu or lxc): the value kept, replaced, or reduced to key fingerprints. */
export function redactConfigValue(key: string, value: JsonValue): JsonValue {
  const lower = key.toLowerCase()
  if (lower === 'sshkeys') return typeof value === 'string' ? sshKeysAsFingerprints(value) : REDACTED
  if (isSecretKey(key)) return REDACTED
  return redactDeep(value, key)
}

/**
 * The key rule at every depth of a value, and the value rules: `key=value` assignments (see
 * {@link redactAssignments}), `sshkeys` as fingerprints, PEM private keys, raw LXC keys as pve-container lists
 * them (`lxc: [["lxc.environment", "DB_PASSWORD=…"], …]`). `tokenid` (an API token's id, in `/access/users?full=1`) is
 * a name, not a secret, and `tokens` the list of them: walked, not replaced. Idempotent.
 */
function redactDeep(value: JsonValue, key: string | undefined): JsonValue {
  if (typeof value === 'string') {
    if (PRIVATE_KEY_PEM.test(value)) return REDACTED
    return key !== undefined && hasAssignments(key.toLowerCase()) ? redactAssignments(key, value) : value
  }
  if (Array.isArray(value)) {
    const [name, raw] = value
    if (
      value.length === 2 &&
      typeof name === 'string' &&
      typeof raw === 'string' &&
      hasAssignments(name.toLowerCase())
    )
      return [name, redactDeep(raw, name)]
    return value.map((item) => redactDeep(item, undefined))
  }
  if (!isPlainObject(value)) return value
  const out: PveObject = {}
  for (const [k, v] of Object.entries(value)) {
    const lower = k.toLowerCase()
    if (lower === 'tokenid') out[k] = typeof v === 'string' ? v : redactDeep(v, k)
    else if (lower === 'tokens') out[k] = typeof v === 'string' ? REDACTED : redactDeep(v, k)
    else if (lower === 'sshkeys' || isSecretKey(k)) out[k] = redactConfigValue(k, v)
    else out[k] = redactDeep(v, k)
  }
  return out
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

/**
 * Every rule over one cluster's captured data, the last thing done before it is returned (also what guards
 * last-known data from elsewhere): the rules of each kind of answer, then the key and value rules at every depth
 * of everything PVE sent (backup jobs, replication, HA, pools, node status, firewall, agent, realms…). Only
 * PVE Desk's own identity fields are not walked (`sites` is keyed by node names).
 */
export function redactCluster(cluster: InventoryCluster): InventoryCluster {
  const { id, name, sites, defaultSite, reach, lastKnown, ...answers } = redactEachKind(cluster)
  return {
    // The walk replaces values by `(redacted)` or a redacted string, never changes the shape: still the same type.
    ...(redactDeep(answers, undefined) as unknown as typeof answers),
    id,
    name,
    sites,
    defaultSite,
    reach,
    ...(lastKnown === undefined ? {} : { lastKnown }),
  }
}

function redactEachKind(cluster: InventoryCluster): InventoryCluster {
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
