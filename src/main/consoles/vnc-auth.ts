import { DES } from 'des.js'

/**
 * VNC Authentication (RFB security type 2, RFC 6143 §7.2.2): the 16-byte challenge encrypted with single DES in
 * ECB mode, keyed by the password cut or zero-padded to 8 bytes with the bits of each byte mirrored (the quirk
 * of the original VNC). Node's OpenSSL 3 has no DES without the legacy provider, hence des.js (TOOLCHAIN §12).
 */
export function vncAuthResponse(password: string, challenge: Uint8Array): Uint8Array {
  if (challenge.length !== 16) throw new Error('a VNC challenge is 16 bytes')
  const bytes = Buffer.from(password, 'latin1')
  const key = Array.from({ length: 8 }, (_, i) => mirror(bytes[i] ?? 0))
  const cipher = DES.create({ type: 'encrypt', key, padding: false })
  return Uint8Array.from([...cipher.update(challenge), ...cipher.final()])
}

function mirror(byte: number): number {
  let out = 0
  for (let bit = 0; bit < 8; bit++) if ((byte & (1 << bit)) !== 0) out |= 1 << (7 - bit)
  return out
}
