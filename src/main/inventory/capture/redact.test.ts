import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { InventoryCluster, PendingChange, PveObject } from '../../../shared/model/inventory-snapshot'
import { REDACTED } from '../../../shared/model/inventory-snapshot'
import { canonicalJson } from '../file/canonical-json'
import { ED25519_FINGERPRINT, ED25519_KEY } from './fake-pve.testing'
import {
  redactCluster,
  redactConfig,
  redactPending,
  redactStorageDefinition,
  redactSubscription,
  redactUser,
} from './redact'
import { sshKeysAsFingerprints } from './ssh-public-keys'

const hasSshKeygen = ((): boolean => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' })
    return true
  } catch (error) {
    // ssh-keygen -? exits 1 after printing its usage: it is there.
    return (error as { status?: number }).status === 1
  }
})()

/** Any case of a secret key's name: `cipassword`, `CIPassword`, `x-Api-Token`… */
const anyCase = (word: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => word.replace(/./g, (ch, i: number) => (upper[i] === true ? ch.toUpperCase() : ch)))

const secretKey = fc
  .tuple(
    fc.constantFrom('', 'ci', 'x-', 'db_'),
    fc.constantFrom(
      'password',
      'passwd',
      'secret',
      'token',
      'passphrase',
      'apikey',
      'ticket',
      'csrf',
      'privkey',
      'private-key',
      'credential',
    ),
    fc.constantFrom('', '0', '-value', 's'),
  )
  .chain(([pre, word, post]) => anyCase(`${pre}${word}${post}`))

/** Secrets that cannot turn up by chance in the rest of the config. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9+/=]{6,24}$/).map((s) => `S3CR3T-${s}`)

const plainKey = fc
  .stringMatching(/^[a-z][a-z0-9_-]{0,11}$/)
  .filter(
    (k) =>
      !/password|passwd|secret|token|passphrase|apikey|ticket|csrf|privkey|private[-_]?key|credential|client-key|sshkeys|__proto__/i.test(
        k,
      ) && !['args', 'env'].includes(k),
  )
const plainValue = fc.oneof(fc.stringMatching(/^[a-z0-9=,:./ -]{0,30}$/), fc.integer())

const configs = fc.record({
  plain: fc.dictionary(plainKey, plainValue, { maxKeys: 8 }),
  secrets: fc.array(fc.tuple(secretKey, secretValue, fc.option(secretValue, { nil: undefined })), {
    minLength: 1,
    maxLength: 4,
  }),
})

describe('redaction', () => {
  it('leaves no value of a secret key, in any case, in the config or its pending entries', () => {
    fc.assert(
      fc.property(configs, ({ plain, secrets }) => {
        const config: PveObject = { ...plain }
        const pending: PendingChange[] = Object.entries(plain).map(([key, value]) => ({ key, value }))
        for (const [key, value, next] of secrets) {
          config[key] = value
          pending.push({ key, value, ...(next === undefined ? {} : { pending: next }) })
        }
        const out = canonicalJson({ config: redactConfig(config), pending: redactPending(pending) })
        for (const [, value, next] of secrets) {
          expect(out).not.toContain(value)
          if (next !== undefined) expect(out).not.toContain(next)
        }
        // Non-secret fields untouched.
        const redacted = redactConfig(config)
        for (const [key, value] of Object.entries(plain)) expect(redacted[key]).toEqual(value)
        for (const [key] of secrets) expect(redacted[key]).toBe(REDACTED)
        const entries = redactPending(pending)
        for (const [i, [key, value]] of Object.entries(plain).entries())
          expect(entries[i]).toEqual({ key, value })
      }),
      { numRuns: 300 },
    )
  })

  it('leaves no secret anywhere in a redacted cluster (config, pending, storage, subscription, users)', () => {
    fc.assert(
      fc.property(configs, secretValue, secretValue, secretValue, ({ plain, secrets }, s1, s2, s3) => {
        const config: PveObject = { ...plain }
        const pending: PendingChange[] = []
        for (const [key, value, next] of secrets) {
          config[key] = value
          pending.push({ key, value, ...(next === undefined ? {} : { pending: next }) })
        }
        const cluster: InventoryCluster = {
          id: 'c',
          name: 'c',
          sites: {},
          defaultSite: 'c',
          reach: 'captured',
          nodes: [{ node: 'n', site: 'c', status: 'online', subscription: { key: s1, status: 'active' } }],
          guests: [{ type: 'qemu', vmid: 100, node: 'n', name: 'g', config, pending }],
          storage: { definitions: [{ storage: 'pbs', password: s2, 'Encryption-Key': s3, keyring: s1 }] },
          backups: { archives: [] },
          replication: { state: [] },
          ha: {},
          firewall: {},
          access: { users: [{ userid: 'u@pve', keys: s2, tokens: [{ tokenid: 't', value: s3 }] }] },
        }
        const once = redactCluster(cluster)
        const out = canonicalJson(once)
        for (const s of [s1, s2, s3, ...secrets.flatMap(([, v, n]) => (n === undefined ? [v] : [v, n]))])
          expect(out).not.toContain(s)
        expect(redactCluster(once)).toEqual(once)
      }),
      { numRuns: 200 },
    )
  })

  it('applies the key rule at every depth of every answer, keeping token ids, fingerprints and digests', () => {
    const cluster: InventoryCluster = {
      id: 'c',
      name: 'c',
      sites: { 'token-node': 'Site A' },
      defaultSite: 'c',
      reach: 'captured',
      nodes: [
        {
          node: 'n',
          site: 'c',
          status: 'online',
          nodeStatus: { kversion: 'Linux', boot: { 'Secret-Key': 'S3CR3T-node' } },
          dns: { search: 'example.org', credentials: 'S3CR3T-dns' },
        },
      ],
      guests: [
        {
          type: 'qemu',
          vmid: 100,
          node: 'n',
          name: 'g',
          agent: { osinfo: { id: 'debian', 'api-token': 'S3CR3T-agent' } },
          guestSnapshots: [{ name: 's', description: '-----BEGIN OPENSSH PRIVATE KEY-----\nS3CR3T-pem' }],
        },
      ],
      storage: {},
      backups: { archives: [], jobs: [{ id: 'b', 'notification-password': 'S3CR3T-job', digest: 'abc' }] },
      replication: { state: [], jobs: [{ id: '100-0', nested: [{ ticket: 'S3CR3T-repl' }] }] },
      ha: { resources: [{ sid: 'vm:100', comment: 'x', csrfToken: 'S3CR3T-ha' }] },
      firewall: { options: { enable: 1, privkey: 'S3CR3T-fw' } },
      pools: [{ poolid: 'p', members: [{ id: 'qemu/100', Private_Key: 'S3CR3T-pool' }] }],
      access: {
        realms: [{ realm: 'oidc', type: 'openid', 'client-id': 'desk', 'client-key': 'S3CR3T-realm' }],
        users: [{ userid: 'u@pve', tokens: [{ tokenid: 'desk', comment: 'NOC' }] }],
      },
      status: [{ type: 'node', name: 'n', fingerprint: 'AB:CD', keyboard: 'en-us' }],
    }
    const once = redactCluster(cluster)
    expect(canonicalJson(once)).not.toMatch(/S3CR3T/)
    expect(once.nodes[0]?.nodeStatus).toEqual({ kversion: 'Linux', boot: { 'Secret-Key': REDACTED } })
    expect(once.backups.jobs).toEqual([{ id: 'b', 'notification-password': REDACTED, digest: 'abc' }])
    expect(once.access.realms?.[0]?.['client-id']).toBe('desk')
    expect(once.access.users).toEqual([{ userid: 'u@pve', tokens: [{ tokenid: 'desk', comment: 'NOC' }] }])
    expect(once.status).toEqual(cluster.status)
    expect(once.sites).toEqual({ 'token-node': 'Site A' })
    expect(redactCluster(once)).toEqual(once)
  })

  it('redacts secret assignments inside qemu args, raw lxc keys and a container env, nothing else', () => {
    const config = redactConfig({
      args: '-spice port=5930,password=S3CR3T-spice -object secret,id=sec0,data=S3CR3T-obj -smbios type=1',
      'lxc.environment': 'DB_PASSWORD=S3CR3T with spaces',
      'lxc.cgroup2.devices.allow': 'c 10:200 rwm',
      env: 'PATH=/usr/bin\nAPI_TOKEN=S3CR3T-env',
      lxc: [
        ['lxc.environment', 'AWS_SECRET_ACCESS_KEY=S3CR3T-raw'],
        ['lxc.environment', 'TZ=UTC'],
      ],
    })
    expect(config).toEqual({
      args: `-spice port=5930,password=${REDACTED} -object secret,id=sec0,data=${REDACTED} -smbios type=1`,
      'lxc.environment': `DB_PASSWORD=${REDACTED}`,
      'lxc.cgroup2.devices.allow': 'c 10:200 rwm',
      env: `PATH=/usr/bin\nAPI_TOKEN=${REDACTED}`,
      lxc: [
        ['lxc.environment', `AWS_SECRET_ACCESS_KEY=${REDACTED}`],
        ['lxc.environment', 'TZ=UTC'],
      ],
    })
    expect(
      redactPending([{ key: 'args', value: '-vnc 0.0.0.0:1', pending: '-x password=S3CR3T-p' }]),
    ).toEqual([{ key: 'args', value: '-vnc 0.0.0.0:1', pending: `-x password=${REDACTED}` }])
    expect(redactConfig(config)).toEqual(config)
  })

  it('keeps what is public: master-pubkey, token ids, subscription status, tokens list', () => {
    expect(
      redactStorageDefinition({
        storage: 'pbs',
        'master-pubkey': 'PUB',
        fingerprint: 'AB:CD',
        password: 'x',
      }),
    ).toEqual({ storage: 'pbs', 'master-pubkey': 'PUB', fingerprint: 'AB:CD', password: REDACTED })
    expect(redactSubscription({ status: 'active', key: 'pve4c-1', nextduedate: '2027-01-01' })).toEqual({
      status: 'active',
      key: REDACTED,
      nextduedate: '2027-01-01',
    })
    expect(
      redactUser({
        userid: 'noc@pve',
        tokens: [{ tokenid: 'desk', comment: 'NOC', expire: 0, privsep: 1, secret: 'x' }],
        email: 'noc@example.org',
      }),
    ).toEqual({
      userid: 'noc@pve',
      tokens: [{ tokenid: 'desk', comment: 'NOC', expire: 0, privsep: 1, secret: REDACTED }],
      email: 'noc@example.org',
    })
  })
})

describe('sshkeys as fingerprints', () => {
  it('turns each URI-escaped key into type, SHA256 fingerprint and comment', () => {
    const rsaLess = `${ED25519_KEY}\nssh-ed25519 ${ED25519_KEY.split(' ')[1] ?? ''}\n`
    expect(sshKeysAsFingerprints(encodeURIComponent(rsaLess))).toBe(
      `ssh-ed25519 ${ED25519_FINGERPRINT} alice@laptop\nssh-ed25519 ${ED25519_FINGERPRINT}`,
    )
  })

  it('says (redacted) for a line that is not a public key (a private key pasted there), and bad escapes', () => {
    const pasted = encodeURIComponent('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n')
    expect(sshKeysAsFingerprints(pasted)).toBe(`${REDACTED}\n${REDACTED}`)
    // A blob whose own type is not the one the line names.
    const lying = `ssh-rsa ${ED25519_KEY.split(' ')[1] ?? ''} x`
    expect(sshKeysAsFingerprints(encodeURIComponent(lying))).toBe(REDACTED)
    expect(sshKeysAsFingerprints('%E0%A4%A')).toBe(REDACTED)
  })

  it('skips authorized_keys options and is idempotent', () => {
    const withOptions = `from="10.0.0.0/8",no-pty ${ED25519_KEY}`
    const once = sshKeysAsFingerprints(encodeURIComponent(withOptions))
    expect(once).toBe(`ssh-ed25519 ${ED25519_FINGERPRINT} alice@laptop`)
    expect(sshKeysAsFingerprints(once)).toBe(once)
  })

  it.skipIf(!hasSshKeygen)('gives the fingerprints ssh-keygen -l gives, for each key type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-sshkeys-'))
    try {
      const lines: string[] = []
      const expected: string[] = []
      for (const [type, bits] of [
        ['ed25519', []],
        ['rsa', ['-b', '2048']],
        ['ecdsa', ['-b', '256']],
      ] as const) {
        const file = join(dir, type)
        execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', `${type} key`, '-f', file])
        lines.push(readFileSync(`${file}.pub`, 'utf8').trim())
        const listed = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).split(
          ' ',
        )
        expected.push(`${lines[lines.length - 1]?.split(' ')[0] ?? ''} ${listed[1] ?? ''} ${type} key`)
      }
      expect(sshKeysAsFingerprints(encodeURIComponent(lines.join('\n')))).toBe(expected.join('\n'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
