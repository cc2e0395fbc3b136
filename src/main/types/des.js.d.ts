// The part of des.js (MIT, Fedor Indutny) main and the simulator use for VNC authentication: single DES in ECB mode.
declare module 'des.js' {
  export interface CipherOptions {
    type: 'encrypt' | 'decrypt'
    key: readonly number[] | Uint8Array
    /** PKCS#7 padding on final(); VNC authentication encrypts exactly two blocks, unpadded. */
    padding?: boolean
  }

  export interface Cipher {
    update(data: readonly number[] | Uint8Array): number[]
    final(data?: readonly number[] | Uint8Array): number[]
  }

  export const DES: { create(options: CipherOptions): Cipher }
}
