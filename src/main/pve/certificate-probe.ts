import { isIP } from 'node:net'
import tls from 'node:tls'

import { AppError } from '../../shared/ipc/errors'
import type { CertificateInfo } from '../../shared/model/cluster-input'

/**
 * Reads an endpoint's certificate for the user to judge, as SSH shows a host key on first contact: TLS
 * handshake only, then the socket is closed — no HTTP request, so nothing (no password, no ticket) is sent to a
 * server the user has not trusted yet. `trustedByCa` says whether the system's CAs vouch for it.
 */
export function probeCertificate(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CertificateInfo> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new AppError({ code: 'cancelled', message: `${url}: cancelled`, detail: { url } }))
      return
    }
    const socket = tls.connect({
      host: hostname,
      port: Number(port || 8006),
      servername: isIP(hostname) === 0 ? hostname : undefined,
      // Deliberately unpinned: this socket is how we learn the fingerprint to show the user. It never carries a
      // byte of application data (no write, no request): it is destroyed as soon as the handshake is read.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    })
    // A deadline for the whole handshake, not only for silence: a peer can send a byte a second for ever.
    const deadline = setTimeout(() => {
      fail('timeout', `no TLS handshake within ${timeoutMs} ms`)
    }, timeoutMs)
    const onAbort = (): void => {
      fail('cancelled', 'cancelled')
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const end = (): void => {
      clearTimeout(deadline)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
    }
    const fail = (code: 'unreachable' | 'timeout' | 'cancelled' | 'bad_response', message: string): void => {
      end()
      reject(new AppError({ code, message: `${url}: ${message}`, detail: { url } }))
    }
    socket.once('timeout', () => {
      fail('timeout', `no TLS handshake within ${timeoutMs} ms`)
    })
    socket.once('error', (error: Error) => {
      fail('unreachable', error.message)
    })
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate()
      // A hostile peer chooses every field here: nothing it sends may throw inside this listener, where an
      // exception would be uncaught in main.
      if (typeof cert.fingerprint256 !== 'string' || cert.fingerprint256 === '') {
        fail('bad_response', 'the endpoint presented no certificate')
        return
      }
      const info: CertificateInfo = {
        url,
        fingerprint: cert.fingerprint256,
        subject: describe(cert.subject),
        issuer: describe(cert.issuer),
        validFrom: certificateDate(cert.valid_from),
        validTo: certificateDate(cert.valid_to),
        trustedByCa: socket.authorized && tls.checkServerIdentity(hostname, cert) === undefined,
      }
      end()
      resolve(info)
    })
  })
}

/** OpenSSL's date as ISO 8601, or as OpenSSL printed it when it is no date `Date` can read. */
export function certificateDate(text: string | undefined): string {
  const time = Date.parse(text ?? '')
  return Number.isNaN(time) ? (text ?? '') : new Date(time).toISOString()
}

function describe(name: tls.Certificate | undefined): string {
  if (name === undefined) return ''
  return (['CN', 'OU', 'O', 'L', 'C'] as const)
    .map((key) => (name[key] ? `${key}=${String(name[key])}` : ''))
    .filter(Boolean)
    .join(', ')
}
