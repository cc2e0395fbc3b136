/**
 * The SSH wire encoding (RFC 4251 §5) that SSHSIG and OpenSSH public keys are made of: `uint32` big-endian and
 * `string` (a uint32 length, then that many bytes). The reader is strict and bounded: every length is checked
 * against what is left and against the caller's maximum, and {@link SshReader.end} refuses trailing bytes.
 */
export class SshWireError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SshWireError'
  }
}

export function sshString(value: Uint8Array | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  const out = Buffer.alloc(4 + bytes.length)
  out.writeUInt32BE(bytes.length, 0)
  out.set(bytes, 4)
  return out
}

export function sshUint32(value: number): Buffer {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value, 0)
  return out
}

export class SshReader {
  private offset = 0

  constructor(private readonly bytes: Buffer) {}

  raw(length: number, what: string): Buffer {
    if (length > this.bytes.length - this.offset) throw new SshWireError(`${what}: cut short`)
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }

  uint32(what: string): number {
    return this.raw(4, what).readUInt32BE(0)
  }

  /** A `string` of at most `max` bytes. */
  string(what: string, max: number): Buffer {
    const length = this.uint32(what)
    if (length > max) throw new SshWireError(`${what}: ${length} bytes, more than ${max}`)
    return this.raw(length, what)
  }

  /** A `string` that must be printable ASCII (a name: key type, namespace, hash algorithm). */
  name(what: string, max = 64): string {
    const bytes = this.string(what, max)
    if (!bytes.every((b) => b >= 0x21 && b <= 0x7e)) throw new SshWireError(`${what}: not a name`)
    return bytes.toString('latin1')
  }

  end(what: string): void {
    if (this.offset !== this.bytes.length)
      throw new SshWireError(`${what}: ${this.bytes.length - this.offset} trailing bytes`)
  }
}
