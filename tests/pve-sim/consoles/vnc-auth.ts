// VNC Authentication (RFB security type 2): the server sends 16 random bytes, the client answers them encrypted
// with DES, keyed by the password (at most 8 bytes, zero-padded) with the bits of each key byte mirrored.

import { randomBytes } from 'node:crypto'

import { DES } from 'des.js'

const mirror = (byte: number): number => {
  let out = 0
  for (let bit = 0; bit < 8; bit++) if ((byte & (1 << bit)) !== 0) out |= 1 << (7 - bit)
  return out
}

function vncKey(password: string): number[] {
  const bytes = Buffer.from(password, 'latin1')
  return Array.from({ length: 8 }, (_, i) => mirror(bytes[i] ?? 0))
}

export const newChallenge = (): Buffer => randomBytes(16)

/** What a client with that password answers to the challenge. */
export function vncResponse(password: string, challenge: Uint8Array): Buffer {
  const cipher = DES.create({ type: 'encrypt', key: vncKey(password), padding: false })
  return Buffer.from([...cipher.update(challenge), ...cipher.final()]).subarray(0, 16)
}

export function vncCheck(password: string, challenge: Uint8Array, response: Uint8Array): boolean {
  return response.length === 16 && vncResponse(password, challenge).equals(response)
}
