/**
 * PVE property strings (`scsi0: ceph-vm:vm-100-disk-0,iothread=1,size=32G`, `net0: virtio=BC:24:…,bridge=vmbr0`):
 * comma-separated `key=value` pairs, the first part possibly the format's default key without its name
 * (PVE::JSONSchema::parse_property_string). Read leniently: an inventory snapshot shows what PVE had, even odd.
 */
export interface PropertyString {
  /** The first part when it has no `=`: a disk's volume, a mount point's source. */
  head?: string
  values: Map<string, string>
  /** The first `key=value`, in order (a NIC's `virtio=<MAC>`: the model and its MAC). */
  first?: [string, string]
}

export function parsePropertyString(value: string): PropertyString {
  const values = new Map<string, string>()
  const result: PropertyString = { values }
  let at = 0
  for (let i = 0; at <= value.length; i++) {
    let comma = value.indexOf(',', at)
    if (comma < 0) comma = value.length
    const eq = value.indexOf('=', at)
    if (eq < 0 || eq > comma) {
      if (i === 0 && comma > at) result.head = value.slice(at, comma)
    } else {
      const k = value.slice(at, eq).trim()
      const v = value.slice(eq + 1, comma)
      result.first ??= [k, v]
      if (!values.has(k)) values.set(k, v)
    }
    at = comma + 1
  }
  return result
}

/** A PVE size (`32G`, `512M`, `1T`, `4096` bytes, `0.5G`) in GiB, or null. */
export function sizeGiB(size: string | undefined): number | null {
  if (size === undefined) return null
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/i.exec(size.trim())
  if (m === null) return null
  const n = Number(m[1])
  const unit = (m[2] ?? '').toUpperCase()
  const factor =
    unit === 'T'
      ? 1024
      : unit === 'G'
        ? 1
        : unit === 'M'
          ? 1 / 1024
          : unit === 'K'
            ? 1 / 1024 ** 2
            : 1 / 1024 ** 3
  return Math.round(n * factor * 100) / 100
}

/** `storage:volume` → its storage; a path (a bind mount) or `none` has none. */
export function storageOf(volume: string | undefined): string | undefined {
  if (volume === undefined || volume.startsWith('/')) return undefined
  const colon = volume.indexOf(':')
  return colon > 0 ? volume.slice(0, colon) : undefined
}

/** QEMU disk keys (qemu-server's drive buses) and LXC volumes, as PVE names them in a config. */
export const QEMU_DISK = /^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\d+$/
export const LXC_VOLUME = /^(rootfs|mp\d+|unused\d+)$/
export const NIC = /^net\d+$/

/**
 * Keys of a config matching `pattern`, in PVE's order: by prefix as `prefixes` lists them (`rootfs` before `mp0`),
 * then by number (`scsi2` before `scsi10`).
 */
export function configKeys(
  config: Record<string, unknown>,
  pattern: RegExp,
  prefixes: readonly string[],
): string[] {
  const rank = (k: string): [number, number] => {
    const m = /^([a-z]+)(\d*)$/.exec(k)
    const at = prefixes.indexOf(m?.[1] ?? k)
    return [at < 0 ? prefixes.length : at, Number(m?.[2] ?? 0)]
  }
  return Object.keys(config)
    .filter((k) => pattern.test(k))
    .sort((a, b) => {
      const [pa, na] = rank(a)
      const [pb, nb] = rank(b)
      return pa - pb || na - nb
    })
}

export const QEMU_DISK_ORDER = ['scsi', 'virtio', 'sata', 'ide', 'efidisk', 'tpmstate', 'unused'] as const
export const LXC_VOLUME_ORDER = ['rootfs', 'mp', 'unused'] as const
