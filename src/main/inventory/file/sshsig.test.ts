import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { fingerprintOf, parsePublicKeyLine, publicKeyLine, publicKeyOf } from './ssh-public-key'
import { parseSshSignature, sshsigCheck, sshsigSign } from './sshsig'

// Debian's OpenSSH is the reference: CI installs openssh-client (.ci/run), so these run everywhere.
const NS = 'pvedesk-inventory'
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-sshsig-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function keygen(args: string[], input?: Buffer): { status: number | null; out: string } {
  const r = spawnSync('ssh-keygen', args, { input, cwd: dir, encoding: 'utf8' })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

/** Our key and signature checked by `ssh-keygen -Y verify` with an allowed_signers file naming the key. */
function openSshVerifies(line: string, message: Buffer, armored: string, namespace = NS): boolean {
  writeFileSync(join(dir, 'allowed_signers'), `auditor@example ${line}\n`)
  writeFileSync(join(dir, 'msg.sig'), armored)
  const r = keygen(
    ['-Y', 'verify', '-f', 'allowed_signers', '-I', 'auditor@example', '-n', namespace, '-s', 'msg.sig'],
    message,
  )
  return r.status === 0 && r.out.includes('Good "' + namespace + '" signature for auditor@example')
}

describe('SSHSIG', () => {
  const { privateKey } = generateKeyPairSync('ed25519')
  const line = publicKeyLine(publicKeyOf(privateKey), 'pvedesk-inventory@test')
  const message = Buffer.from('{"format":"pvedesk-inventory"}\n\u0000binary\u00ff', 'latin1')

  it('our signature is verified by ssh-keygen -Y verify, and armored as ssh-keygen writes it', () => {
    const armored = sshsigSign(privateKey, message, NS)
    expect(openSshVerifies(line, message, armored)).toBe(true)
    const lines = armored.trimEnd().split('\n')
    expect(lines[0]).toBe('-----BEGIN SSH SIGNATURE-----')
    expect(lines.at(-1)).toBe('-----END SSH SIGNATURE-----')
    for (const l of lines.slice(1, -2)) expect(l).toHaveLength(70)
    // check-novalidate proves the form without any trust (what an auditor runs first).
    writeFileSync(join(dir, 'msg.sig'), armored)
    expect(keygen(['-Y', 'check-novalidate', '-n', NS, '-s', 'msg.sig'], message).status).toBe(0)
  })

  it('ssh-keygen refuses ours for another namespace, another message, another key', () => {
    const armored = sshsigSign(privateKey, message, NS)
    expect(openSshVerifies(line, message, armored, 'file')).toBe(false)
    expect(openSshVerifies(line, Buffer.concat([message, Buffer.from('x')]), armored)).toBe(false)
    const other = publicKeyLine(publicKeyOf(generateKeyPairSync('ed25519').privateKey), 'other')
    expect(openSshVerifies(other, message, armored)).toBe(false)
  })

  it('a signature made by ssh-keygen -Y sign is verified by ours, with the key and fingerprint it prints', () => {
    rmSync(join(dir, 'key'), { force: true })
    rmSync(join(dir, 'key.pub'), { force: true })
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@host', '-f', 'key'], { cwd: dir })
    writeFileSync(join(dir, 'file'), message)
    execFileSync('ssh-keygen', ['-Y', 'sign', '-n', NS, '-f', 'key', 'file'], { cwd: dir, stdio: 'ignore' })
    const armored = readFileSync(join(dir, 'file.sig'), 'utf8')
    const pub = parsePublicKeyLine(readFileSync(join(dir, 'key.pub'), 'utf8'))
    expect(pub.comment).toBe('ops@host')
    const printed = execFileSync('ssh-keygen', ['-l', '-f', 'key.pub'], { cwd: dir, encoding: 'utf8' })
    expect(printed.split(' ')[1]).toBe(fingerprintOf(pub.key))

    const result = sshsigCheck(armored, message, NS)
    expect(result).toMatchObject({ ok: true, fingerprint: fingerprintOf(pub.key) })
    expect(result.ok && result.publicKey.wire.equals(pub.key.wire)).toBe(true)
    expect(sshsigCheck(armored, message, 'file')).toMatchObject({ ok: false, reason: /namespace file/ })
  })

  it('a sha256 SSHSIG (another signer might make one) reads and verifies too', () => {
    // `ssh-keygen -Y sign -O hashalg=sha256`.
    writeFileSync(join(dir, 'file'), message)
    rmSync(join(dir, 'file.sig'), { force: true })
    execFileSync('ssh-keygen', ['-Y', 'sign', '-n', NS, '-O', 'hashalg=sha256', '-f', 'key', 'file'], {
      cwd: dir,
      stdio: 'ignore',
    })
    const armored = readFileSync(join(dir, 'file.sig'), 'utf8')
    expect(parseSshSignature(armored).hashAlgorithm).toBe('sha256')
    expect(sshsigCheck(armored, message, NS).ok).toBe(true)
  })

  it('refuses a changed byte anywhere in the message or the signature blob', () => {
    const armored = sshsigSign(privateKey, message, NS)
    for (let i = 0; i < message.length; i++) {
      const changed = Buffer.from(message)
      changed[i] = (changed[i] ?? 0) ^ 0x01
      expect(sshsigCheck(armored, changed, NS).ok).toBe(false)
    }
    const blob = Buffer.from(armored.split('\n').slice(1, -2).join(''), 'base64')
    for (let i = 0; i < blob.length; i++) {
      const changed = Buffer.from(blob)
      changed[i] = (changed[i] ?? 0) ^ 0x20
      const text = changed.toString('base64').replace(/(.{70})/g, '$1\n')
      const forged = `-----BEGIN SSH SIGNATURE-----\n${text.trimEnd()}\n-----END SSH SIGNATURE-----\n`
      expect(sshsigCheck(forged, message, NS).ok).toBe(false)
    }
  })

  it('parses strictly: trailing bytes, bad lengths, another key type, wrong armor', () => {
    const armored = sshsigSign(privateKey, message, NS)
    const blob = Buffer.from(armored.split('\n').slice(1, -2).join(''), 'base64')
    const rewrap = (b: Buffer): string =>
      `-----BEGIN SSH SIGNATURE-----\n${b.toString('base64')}\n-----END SSH SIGNATURE-----\n`
    expect(() => parseSshSignature(rewrap(blob))).not.toThrow()
    expect(() => parseSshSignature(rewrap(Buffer.concat([blob, Buffer.from([0])])))).toThrow(/trailing/)
    expect(() => parseSshSignature(rewrap(blob.subarray(0, blob.length - 1)))).toThrow(/cut short/)
    const huge = Buffer.from(blob)
    huge.writeUInt32BE(0xffffffff, 10) // the public key's length
    expect(() => parseSshSignature(rewrap(huge))).toThrow(/more than/)
    expect(() => parseSshSignature(armored.replace('SSH SIGNATURE', 'PGP SIGNATURE'))).toThrow(/armored/)
    expect(() => parseSshSignature(armored.replace(/\n([A-Za-z])/, '\n*'))).toThrow(/base64/)
    expect(() => parseSshSignature('x'.repeat(70_000))).toThrow(/too large/)
    expect(() => parseSshSignature(armored.replace(/\n/g, '\r\n'))).not.toThrow()
  })

  it('refuses a signature by another key type (an ECDSA key made by ssh-keygen)', () => {
    rmSync(join(dir, 'ec'), { force: true })
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', 'ec'], { cwd: dir })
    writeFileSync(join(dir, 'file'), message)
    rmSync(join(dir, 'file.sig'), { force: true })
    execFileSync('ssh-keygen', ['-Y', 'sign', '-n', NS, '-f', 'ec', 'file'], { cwd: dir, stdio: 'ignore' })
    const armored = readFileSync(join(dir, 'file.sig'), 'utf8')
    expect(() => parseSshSignature(armored)).toThrow(/a ecdsa-sha2-nistp256 key, not ssh-ed25519/)
    expect(sshsigCheck(armored, message, NS).ok).toBe(false)
  })

  it('fingerprints as ssh-keygen -l does', () => {
    writeFileSync(join(dir, 'ours.pub'), `${line}\n`)
    const printed = execFileSync('ssh-keygen', ['-l', '-f', 'ours.pub'], { cwd: dir, encoding: 'utf8' })
    expect(printed).toBe(`256 ${fingerprintOf(publicKeyOf(privateKey))} pvedesk-inventory@test (ED25519)\n`)
    const digest = createHash('sha256').update(parsePublicKeyLine(line).key.wire).digest('base64')
    expect(fingerprintOf(publicKeyOf(privateKey))).toBe(`SHA256:${digest.replace(/=+$/, '')}`)
  })
})
