import { describe, expect, it } from 'vitest'

import { MemoryVault } from './vault'

const pin = (byte: string): string => Array.from({ length: 32 }, () => byte).join(':')
const owner = {
  id: 'ace-prod',
  auth: { kind: 'password' as const, username: 'noc@pve' },
  endpoints: [
    { url: 'https://km4-pve1:8006', fingerprint: pin('AA') },
    { url: 'https://km4-pve2:8006', fingerprint: pin('BB') },
  ],
}

/** Raw access to the entries, as an attacker with the keychain (or a test) has. */
class OpenVault extends MemoryVault {
  put(id: string, raw: string): Promise<void> {
    return this.writeRaw(id, raw)
  }
}

describe('a secret bound to where it may go', () => {
  it('is released for the same user, endpoints and pins, whatever the endpoints’ order', async () => {
    const vault = new MemoryVault()
    await vault.set(owner, 's3cret')
    expect(await vault.read(owner)).toEqual({ state: 'bound', secret: 's3cret' })
    const reordered = { ...owner, endpoints: [...owner.endpoints].reverse() }
    expect(await vault.read(reordered)).toEqual({ state: 'bound', secret: 's3cret' })
  })

  it.each([
    ['another endpoint', { endpoints: [{ url: 'https://evil:8006', fingerprint: pin('AA') }] }],
    ['another pin', { endpoints: [{ ...owner.endpoints[0], fingerprint: pin('EE') }, owner.endpoints[1]] }],
    ['no pin (system CAs)', { endpoints: [{ url: 'https://km4-pve1:8006' }, owner.endpoints[1]] }],
    [
      'one more endpoint',
      { endpoints: [...owner.endpoints, { url: 'https://x:8006', fingerprint: pin('CC') }] },
    ],
    ['another user', { auth: { kind: 'password' as const, username: 'root@pam' } }],
    ['a token of the same user', { auth: { kind: 'token' as const, tokenId: 'noc@pve' } }],
  ])('is withheld from %s', async (_what, change) => {
    const vault = new MemoryVault()
    await vault.set(owner, 's3cret')
    expect(await vault.read({ ...owner, ...change } as typeof owner)).toEqual({ state: 'unbound' })
    expect(await vault.has({ ...owner, ...change } as typeof owner)).toBe(false)
  })

  it('treats an entry from before bindings (a bare secret) as bound to nothing', async () => {
    const vault = new OpenVault()
    await vault.put(owner.id, 's3cret')
    expect(await vault.read(owner)).toEqual({ state: 'unbound' })
    await vault.put(owner.id, JSON.stringify({ v: 1, secret: 's3cret' }))
    expect(await vault.read(owner)).toEqual({ state: 'unbound' })
  })
})
