// Node certificates shaped like PVE's: a cluster CA (pve-root-ca.pem, pve-cluster `gen_pveca_cert`: ten years)
// signs each node's pve-ssl.pem (subject, SANs, RSA 2048, SHA-256, two years); a node may serve a custom
// pveproxy-ssl.pem instead (pveproxy prefers it), self-signed here.

import { createHash, generateKeyPair, X509Certificate } from 'node:crypto'

import { generate } from 'selfsigned'

export interface CertificateFile {
  filename: string
  cert: string
}

export interface ClusterCa {
  key: string
  cert: string
}

export interface NodeCertificate {
  key: string
  cert: string
  /** SHA-256 of the DER certificate, upper-case colon hex (Node's `fingerprint256`, PVE's `ssl_fingerprint`). */
  fingerprint: string
  /** The file pveproxy serves it from (default pve-ssl.pem). */
  filename?: 'pve-ssl.pem' | 'pveproxy-ssl.pem'
  /** The other files /nodes/{node}/certificates/info lists: pve-root-ca.pem, pve-ssl.pem beside a custom one. */
  others?: CertificateFile[]
  /** The CA that signed pve-ssl.pem: a rotation signs the new one with it too. */
  ca?: ClusterCa
}

const YEAR_MS = 365 * 86_400_000

export interface KeyPairPem {
  privateKey: string
  publicKey: string
}

/** An RSA 2048 key pair as PEM, generated on the thread pool. */
export function createKeyPair(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (err, publicKey, privateKey) => {
        if (err) reject(err)
        else resolve({ privateKey, publicKey })
      },
    )
  })
}

/**
 * A node certificate; with `keyPair` it reuses that key (the large scenario shares one key per cluster to start
 * fast: each certificate, hence each fingerprint, is still unique).
 */
export async function createNodeCertificate(
  node: string,
  now: number,
  keyPair?: KeyPairPem,
  /** Days until it expires; default two years (PVE's validity) from an install a month ago. */
  validDays?: number,
  /** Signs it (pve-ssl.pem); without, it is self-signed. */
  ca?: ClusterCa,
): Promise<NodeCertificate> {
  const notAfter = validDays === undefined ? now + 2 * YEAR_MS : now + validDays * 86_400_000
  const notBefore = validDays === undefined ? now - 30 * 86_400_000 : notAfter - 2 * YEAR_MS
  const pems = await generate(
    [
      { shortName: 'OU', value: 'PVE Cluster Node' },
      { name: 'organizationName', value: 'Proxmox Virtual Environment' },
      { name: 'commonName', value: node },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...(keyPair === undefined ? {} : { keyPair }),
      ...(ca === undefined ? {} : { ca }),
      // PVE signs node certificates for two years; backdate a little like a node installed a while ago.
      notBeforeDate: new Date(notBefore),
      notAfterDate: new Date(notAfter),
      extensions: [
        { name: 'basicConstraints', cA: false },
        {
          name: 'keyUsage',
          digitalSignature: true,
          nonRepudiation: true,
          keyEncipherment: true,
          dataEncipherment: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
            { type: 2, value: 'localhost' },
            { type: 2, value: node },
          ],
        },
      ],
    },
  )
  const certificate: NodeCertificate = {
    key: pems.private,
    cert: pems.cert,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
  }
  if (ca !== undefined) {
    certificate.ca = ca
    certificate.others = [{ filename: 'pve-root-ca.pem', cert: ca.cert }]
  }
  return certificate
}

/** The cluster's CA (`/CN=Proxmox Virtual Environment/OU=<uuid>/O=PVE Cluster Manager CA`), ten years. */
export async function createClusterCa(
  cluster: string,
  now: number,
  keyPair?: KeyPairPem,
): Promise<ClusterCa> {
  const pems = await generate(
    [
      { name: 'commonName', value: 'Proxmox Virtual Environment' },
      { shortName: 'OU', value: createHash('md5').update(`ca:${cluster}`).digest('hex') },
      { name: 'organizationName', value: 'PVE Cluster Manager CA' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...(keyPair === undefined ? {} : { keyPair }),
      notBeforeDate: new Date(now - 60 * 86_400_000),
      notAfterDate: new Date(now + 10 * YEAR_MS),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true },
      ],
    },
  )
  return { key: pems.private, cert: pems.cert }
}

/**
 * A node serving a custom pveproxy-ssl.pem (uploaded, or from a corporate CA) that expires in `days`: it still
 * has its CA-signed pve-ssl.pem, which certificates/info lists too.
 */
export async function createCustomCertificate(
  node: string,
  now: number,
  days: number,
  base: NodeCertificate,
  keyPair?: KeyPairPem,
): Promise<NodeCertificate> {
  const pems = await generate(
    [
      { name: 'commonName', value: `${node}.ace.ci` },
      { name: 'organizationName', value: 'ACE' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...(keyPair === undefined ? {} : { keyPair }),
      notBeforeDate: new Date(now + days * 86_400_000 - YEAR_MS),
      notAfterDate: new Date(now + days * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: `${node}.ace.ci` },
            { type: 2, value: node },
          ],
        },
      ],
    },
  )
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
    filename: 'pveproxy-ssl.pem',
    others: [...(base.others ?? []), { filename: 'pve-ssl.pem', cert: base.cert }],
    ...(base.ca === undefined ? {} : { ca: base.ca }),
  }
}

/**
 * Every certificate of a cluster's nodes: the CA, each node's pve-ssl.pem signed by it, and the custom
 * pveproxy-ssl.pem of a node that has `proxyCertificateDays`. With `sharedKey` (large scenario) one key serves
 * the whole cluster, CA included, to start fast.
 */
export async function createClusterCertificates(
  cluster: string,
  nodes: readonly { name: string; certificateDays?: number; proxyCertificateDays?: number }[],
  now: number,
  sharedKey: boolean,
): Promise<(readonly [string, NodeCertificate])[]> {
  const keyPair = sharedKey ? await createKeyPair() : undefined
  const ca = await createClusterCa(cluster, now, keyPair ?? (await createKeyPair()))
  return Promise.all(
    nodes.map(async (n) => {
      const base = await createNodeCertificate(n.name, now, keyPair, n.certificateDays, ca)
      if (n.proxyCertificateDays === undefined) return [n.name, base] as const
      return [
        n.name,
        await createCustomCertificate(n.name, now, n.proxyCertificateDays, base, keyPair),
      ] as const
    }),
  )
}
