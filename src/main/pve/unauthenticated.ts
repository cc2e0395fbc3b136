import { AppError } from '../../shared/ipc/errors'
import type { Realm } from '../../shared/model/cluster-input'
import { PveHttpClient } from './http-client'

/** The realms a cluster offers for login (`GET /access/domains`, which needs no ticket), over the pinned TLS. */
export async function fetchRealms(
  url: string,
  fingerprint: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Realm[]> {
  const client = new PveHttpClient('', url, fingerprint, timeoutMs)
  try {
    const data = await client.request({ method: 'GET', path: '/access/domains', signal })
    if (!Array.isArray(data))
      throw new AppError({ code: 'bad_response', message: '/access/domains is not a list' })
    return data.flatMap((entry: unknown) => {
      const r = entry as Record<string, unknown>
      if (typeof r.realm !== 'string' || typeof r.type !== 'string') return []
      return [
        {
          realm: r.realm,
          type: r.type,
          ...(typeof r.comment === 'string' ? { comment: r.comment } : {}),
          ...(Number(r.default) === 1 ? { default: true } : {}),
          ...(typeof r.tfa === 'string' ? { tfa: r.tfa } : {}),
        },
      ]
    })
  } finally {
    client.dispose()
  }
}
