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
    const fail = (code: 'unreachable' | 'timeout' | 'cancelled', message: string): void => {
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
      const info: CertificateInfo = {
        url,
        fingerprint: cert.fingerprint256,
        subject: describe(cert.subject),
        issuer: describe(cert.issuer),
        validFrom: new Date(cert.valid_from).toISOString(),
        validTo: new Date(cert.valid_to).toISOString(),
        trustedByCa: socket.authorized && tls.checkServerIdentity(hostname, cert) === undefined,
      }
      end()
      resolve(info)
    })
  })
}

function describe(name: tls.Certificate | undefined): string {
  if (name === undefined) return ''
  return (['CN', 'OU', 'O', 'L', 'C'] as const)
    .map((key) => (name[key] ? `${key}=${String(name[key])}` : ''))
    .filter(Boolean)
    .join(', ')
}
