import { describe, expect, it } from 'vitest'

import { vncCheck } from '../../../tests/pve-sim/consoles/vnc-auth'
import { vncAuthResponse } from './vnc-auth'

describe('vncAuthResponse', () => {
  it('answers the challenge as OpenSSL’s DES-ECB does with the bit-mirrored key', () => {
    // printf 0123456789abcdef | openssl enc -des-ecb -K 0e862424ee0c4e26 -nopad -provider legacy -provider default
    // (0e862424ee0c4e26: "pa$$w0rd" with the bits of each byte mirrored)
    const response = vncAuthResponse('pa$$w0rd', Buffer.from('0123456789abcdef', 'latin1'))
    expect(Buffer.from(response).toString('hex')).toBe('3fce52db361b84ba6955d0abe86eaa66')
  })

  it('pads a short password with zeros and cuts a long one at 8 bytes, as the simulator checks it', () => {
    const challenge = Buffer.from('fedcba9876543210', 'latin1')
    expect(vncCheck('abc', challenge, vncAuthResponse('abc', challenge))).toBe(true)
    expect(vncAuthResponse('12345678-and-more', challenge)).toEqual(vncAuthResponse('12345678', challenge))
    expect(vncCheck('abd', challenge, vncAuthResponse('abc', challenge))).toBe(false)
  })

  it('refuses a challenge that is not 16 bytes', () => {
    expect(() => vncAuthResponse('abc', new Uint8Array(8))).toThrow(/16 bytes/)
  })
})
