import { describe, expect, it } from 'vitest'

import { endpointUrl, mayReuseSecret } from './cluster-input'

const FP = Array.from({ length: 32 }, () => 'AB').join(':')
const stored = {
  auth: { kind: 'password' as const, username: 'noc@pve' },
  endpoints: [
    { url: 'https://km4-pve1:8006', fingerprint: FP },
    { url: 'https://km4-pve2:8006', fingerprint: FP },
  ],
}

describe('cluster input rules', () => {
  it('reads an endpoint as https with port 8006 unless told otherwise', () => {
    expect(endpointUrl('km4-pve1')).toBe('https://km4-pve1:8006')
    expect(endpointUrl(' 10.1.2.3:443 ')).toBe('https://10.1.2.3:443')
    expect(endpointUrl('https://[::1]:8006/')).toBe('https://[::1]:8006')
    expect(endpointUrl('http://km4-pve1')).toBeUndefined()
    expect(endpointUrl('')).toBeUndefined()
  })

  it('lets the stored secret go only where it went before, for the same user', () => {
    expect(mayReuseSecret(stored, stored)).toBe(true)
    expect(mayReuseSecret(stored, { ...stored, endpoints: stored.endpoints.slice(1) })).toBe(true)
    expect(
      mayReuseSecret(stored, { ...stored, endpoints: [{ url: 'https://evil:8006', fingerprint: FP }] }),
    ).toBe(false)
    expect(mayReuseSecret(stored, { ...stored, endpoints: [{ url: 'https://km4-pve1:8006' }] })).toBe(false)
    expect(mayReuseSecret(stored, { ...stored, auth: { kind: 'password', username: 'root@pam' } })).toBe(
      false,
    )
    expect(mayReuseSecret(undefined, stored)).toBe(false)
  })
})
