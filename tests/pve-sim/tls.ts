// One self-signed certificate per node, shaped like PVE's pve-ssl.pem (subject, SANs, RSA 2048, SHA-256).

import { generateKeyPair, X509Certificate } from 'node:crypto'

import { generate } from 'selfsigned'

export interface NodeCertificate {
  key: string
  cert: string
  /** SHA-256 of the DER certificate, upper-case colon hex (Node's `fingerprint256`, PVE's `ssl_fingerprint`). */
  fingerprint: string
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
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256 }
}
