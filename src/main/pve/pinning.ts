import { X509Certificate } from 'node:crypto'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'

/**
 * TLS trust for Proxmox VE endpoints. PVE nodes mostly present self-signed certificates, so trust is a
 * SHA-256 fingerprint the user confirmed (trust on first use, per endpoint), or a CA the system trusts.
 *
 * The trap this avoids (TOOLCHAIN.md §8): `rejectUnauthorized: false` plus `checkServerIdentity` does NOT pin,
 * because Node only calls `checkServerIdentity` after chain verification succeeded. Here the chain verdict is
 * switched off only for pinned sockets, and the fingerprint is checked on `secureConnect`, before any byte of
 * the request (and so before any password or ticket) is released to the peer.
 */

/** Normalizes any common spelling of a SHA-256 fingerprint to Node's `AA:BB:…` form. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint
    .replace(/^sha256\s*(fingerprint)?\s*=?\s*/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
  if (hex.length !== 64) throw new Error('not a SHA-256 fingerprint')
  return (hex.match(/.{2}/g) ?? []).join(':')
}

export const pemFingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256

/** The peer's certificate did not match the pinned fingerprint. Carries both for the user to compare. */
export class CertificatePinError extends Error {
  readonly code = 'ERR_CERT_PIN_MISMATCH'
  constructor(
    readonly actual: string,
    readonly expected: string,
  ) {
    super(`certificate fingerprint mismatch: got ${actual}, expected ${expected}`)
    this.name = 'CertificatePinError'
  }
}

/** A `tls.connect` that destroys the socket unless the peer's certificate has the expected fingerprint. */
export function pinnedTlsConnect(expected: string): (options: tls.ConnectionOptions) => tls.TLSSocket {
  const want = normalizeFingerprint(expected)
  return (options) => {
    const socket = tls.connect({ ...options, rejectUnauthorized: false })
    socket.once('secureConnect', () => {
      const actual = socket.getPeerCertificate().fingerprint256
      if (actual !== want) socket.destroy(new CertificatePinError(actual, want))
    })
    return socket
  }
}

/** An HTTPS agent whose every socket is pinned to one fingerprint (keep-alive: one TLS handshake per poll series). */
export class PinnedAgent extends https.Agent {
  private readonly connectPinned: (options: tls.ConnectionOptions) => tls.TLSSocket

  constructor(expected: string, options: https.AgentOptions = {}) {
    super({ keepAlive: true, ...options })
    this.connectPinned = pinnedTlsConnect(expected)
  }

  override createConnection(
    options: tls.ConnectionOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex {
    const socket = this.connectPinned(options)
    if (callback) {
      socket.once('secureConnect', () => {
        callback(null, socket)
      })
      socket.once('error', (error: Error) => {
        callback(error, socket)
      })
    }
    return socket
  }
}

/** The agent for one endpoint: pinned when a fingerprint is known, otherwise verified against the system CAs. */
export function agentFor(fingerprint: string | undefined, options: https.AgentOptions = {}): https.Agent {
  if (fingerprint !== undefined) return new PinnedAgent(fingerprint, options)
  return new https.Agent({ keepAlive: true, rejectUnauthorized: true, ...options })
}
