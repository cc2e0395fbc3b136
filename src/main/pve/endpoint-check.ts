import { AppError } from '../../shared/ipc/errors'
import { probeCertificate } from './certificate-probe'

/** What a TLS handshake alone can tell of an endpoint. */
export type EndpointCheck =
  | { state: 'ok'; fingerprint: string }
  | { state: 'tls_untrusted'; presented: string; error: AppError }
  | { state: 'unreachable' | 'timeout'; error: AppError }

/**
 * Looks at an endpoint with a TLS handshake only (see `probeCertificate`: no request, so no secret, reaches it):
 * does it answer, and does it present the pinned certificate (or, without a pin, one the system CAs vouch for)?
 */
export async function checkEndpoint(
  endpoint: { url: string; fingerprint?: string | undefined },
  timeoutMs: number,
  clusterId?: string,
  signal?: AbortSignal,
): Promise<EndpointCheck> {
  const { url, fingerprint: pin } = endpoint
  try {
    const info = await probeCertificate(url, timeoutMs, signal)
    if (pin === undefined ? info.trustedByCa : info.fingerprint === pin)
      return { state: 'ok', fingerprint: info.fingerprint }
    return {
      state: 'tls_untrusted',
      presented: info.fingerprint,
      error: new AppError({
        code: 'tls_untrusted',
        ...(clusterId === undefined ? {} : { clusterId }),
        message:
          pin === undefined
            ? `${url}: no trusted CA vouches for its certificate`
            : `The certificate of ${url} changed: it is not the one you trusted.`,
        detail: { url, ...(pin === undefined ? {} : { expected: pin, actual: info.fingerprint }) },
      }),
    }
  } catch (error) {
    const appError = AppError.from(error)
    return { state: appError.code === 'timeout' ? 'timeout' : 'unreachable', error: appError }
  }
}
