import { z } from 'zod'

import { CertificateInfo, ClusterInput, Realm, TestVerdict } from '../../model/cluster-input'
import { ClusterPermissions, ClusterStatus, ClusterSummary } from '../../model/fleet'
import { defineDomain } from '../domain'
import { clusterId, clusterRef, fingerprint, httpsUrl, secret } from '../schemas'

/** A cluster was added or changed (`summary`), or removed (`removed`). */
export const ClusterConfigEvent = z.union([
  z.object({ kind: z.literal('saved'), summary: ClusterSummary }),
  z.object({ kind: z.literal('removed'), clusterId: z.string() }),
])
export type ClusterConfigEvent = z.infer<typeof ClusterConfigEvent>

/** Configured clusters: adding, trusting, logging in, their connection state. */
export const clusterDomain = defineDomain('cluster', {
  invoke: {
    /** Polls one cluster now instead of waiting for its next interval or back-off (the "retry now" button). */
    'cluster:refresh': { request: clusterRef, response: z.null() },
    /**
     * The certificate an endpoint presents, for the user to trust on first contact (as SSH does). Only a TLS
     * handshake: no request, so no secret, reaches an endpoint not yet trusted.
     */
    'cluster:probe': {
      request: z.object({ url: httpsUrl }).strict(),
      response: CertificateInfo,
      cancellable: true,
    },
    /** Login realms of an endpoint (`GET /access/domains`, unauthenticated), over the fingerprint just trusted. */
    'cluster:realms': {
      request: z.object({ url: httpsUrl, fingerprint: fingerprint.optional() }).strict(),
      response: z.array(Realm),
      cancellable: true,
    },
    /**
     * Logs in with a draft configuration and reports what answered, without saving anything. `secret` may be
     * omitted when editing a cluster whose secret is already stored.
     */
    'cluster:test': {
      request: z.object({ cluster: ClusterInput, secret: secret.optional() }).strict(),
      response: TestVerdict,
      cancellable: true,
    },
    /** Adds or replaces a cluster; its secret goes to the OS keychain (required for a new cluster). */
    'cluster:save': {
      request: z.object({ cluster: ClusterInput, secret: secret.optional() }).strict(),
      response: ClusterSummary,
    },
    /** Removes a cluster, its connection and its secret. */
    'cluster:remove': { request: clusterRef, response: z.null() },
    /** Pins a new fingerprint for one endpoint after the user compared the old and the new one. */
    'cluster:trust': {
      // The secret is typed again: a re-pin changes where it goes, so the stored one is never sent there.
      request: z.object({ clusterId, url: httpsUrl, fingerprint, secret }).strict(),
      response: ClusterSummary,
    },
    /** Replaces a cluster's stored password or token secret (after a failed login) and reconnects. */
    'cluster:secret': { request: z.object({ clusterId, secret }).strict(), response: z.null() },
    /** Answers a pending two-factor login with a TOTP code or a recovery key. */
    'cluster:tfa': {
      request: z
        .object({ clusterId, kind: z.enum(['totp', 'recovery']), code: z.string().trim().min(1).max(128) })
        .strict(),
      response: z.null(),
    },
  },
  events: {
    /** A cluster's connection state changed (online, unreachable, stale, serving node…). */
    'cluster:status': ClusterStatus,
    /** A cluster was added, changed or removed. */
    'cluster:config': ClusterConfigEvent,
    /** A cluster's effective privileges were read (after each login or renewal). */
    'cluster:permissions': ClusterPermissions,
  },
  streams: {},
})
