import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { ConfigEntry } from '../../../shared/model/panels'
import { GuestDisk, GuestNic } from '../../../shared/model/panels'
import { diskOf, nicOf } from './guest-devices'
import type { PropertyPart } from './property-string'
import { formatPropertyString, parsePropertyString, propertyMap, sizeBytes } from './property-string'

/** A key or value PVE could write: no comma, a key without `=` either. */
const word = fc.stringMatching(/^[A-Za-z0-9:_./@-]{1,20}$/)
const part: fc.Arbitrary<PropertyPart> = fc.record({ key: word, value: word.filter((v) => !v.includes('=')) })

describe('property strings (pve-common parse_property_string)', () => {
  it('never throws on any string, and keeps at most 64 parts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), (raw) => {
        const parts = parsePropertyString(raw)
        expect(parts.length).toBeLessThanOrEqual(64)
      }),
    )
  })

  it('round-trips what it reads: parts written back read the same', () => {
    fc.assert(
      fc.property(
        fc.option(word.filter((v) => !v.includes('='))),
        fc.array(part, { maxLength: 10 }),
        (head, rest) => {
          const parts: PropertyPart[] = head === null ? rest : [{ value: head }, ...rest]
          const text = formatPropertyString(parts)
          expect(parsePropertyString(text)).toEqual(parts)
          expect(formatPropertyString(parsePropertyString(text))).toBe(text)
        },
      ),
    )
  })

  it('reads the default key, keyed parts, and a value holding "=" after the first', () => {
    const parts = parsePropertyString('local-lvm:vm-101-disk-0,size=32G,,serial=a=b')
    expect(propertyMap(parts, 'file')).toEqual(
      new Map([
        ['file', 'local-lvm:vm-101-disk-0'],
        ['size', '32G'],
        ['serial', 'a=b'],
      ]),
    )
  })

  it('a 1 MB string is cut, not walked whole', () => {
    const parts = parsePropertyString(`${'x'.repeat(1_000_000)},size=1G`)
    expect(parts).toHaveLength(1)
    expect(parts[0]?.value.length).toBeLessThanOrEqual(8_192)
  })
})

describe('sizes (pve-common parse_size)', () => {
  it('reads K, M, G, T as powers of 1024 and a bare number as bytes', () => {
    expect(sizeBytes('32G')).toBe(32 * 1024 ** 3)
    expect(sizeBytes('512M')).toBe(512 * 1024 ** 2)
    expect(sizeBytes('1.5T')).toBe(1.5 * 1024 ** 4)
    expect(sizeBytes('4K')).toBe(4096)
    expect(sizeBytes('1000')).toBe(1000)
  })
  it('anything else is no size', () => {
    for (const s of ['', 'G', '32g', '32GB', '-1G', '1e9', 'NaN', '9'.repeat(400)])
      expect(sizeBytes(s)).toBeUndefined()
  })
  it('never throws, and a size it reads is a finite number of bytes', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = sizeBytes(s)
        if (n !== undefined) expect(Number.isFinite(n) && n >= 0).toBe(true)
      }),
    )
  })
})

const entry = (key: string, value: string, more: Partial<ConfigEntry> = {}): ConfigEntry => ({
  key,
  value,
  ...more,
})

describe('disks (qemu-server Drive.pm, pve-container Config.pm)', () => {
  it('reads a qemu disk: volume, storage, size in bytes, the other options as PVE wrote them', () => {
    expect(
      diskOf('qemu', entry('scsi0', 'local-lvm:vm-101-disk-0,cache=writeback,discard=on,size=32G')),
    ).toEqual({
      key: 'scsi0',
      volume: 'local-lvm:vm-101-disk-0',
      storage: 'local-lvm',
      size: '32G',
      sizeBytes: 32 * 1024 ** 3,
      options: 'cache=writeback,discard=on',
      pending: false,
    })
  })
  it('an empty CD drive, an EFI disk, an unused volume; not a NIC nor `boot`', () => {
    expect(diskOf('qemu', entry('ide2', 'none,media=cdrom'))).toMatchObject({
      volume: 'none',
      media: 'cdrom',
    })
    expect(diskOf('qemu', entry('ide2', 'none,media=cdrom'))?.storage).toBeUndefined()
    expect(diskOf('qemu', entry('efidisk0', 'local-lvm:vm-101-disk-1,efitype=4m,size=4M'))).toMatchObject({
      sizeBytes: 4 * 1024 ** 2,
      options: 'efitype=4m',
    })
    expect(diskOf('qemu', entry('unused0', 'local-lvm:vm-101-disk-9'))).toMatchObject({
      storage: 'local-lvm',
    })
    expect(diskOf('qemu', entry('net0', 'virtio=BC:24:11:00:00:01'))).toBeUndefined()
    expect(diskOf('qemu', entry('boot', 'order=scsi0'))).toBeUndefined()
  })
  it('a container: rootfs at /, a mount point at its path', () => {
    expect(diskOf('lxc', entry('rootfs', 'local-lvm:vm-113-disk-0,size=8G'))).toMatchObject({
      mountpoint: '/',
      sizeBytes: 8 * 1024 ** 3,
    })
    expect(
      diskOf('lxc', entry('mp0', 'local-lvm:vm-113-disk-1,mp=/srv/data,backup=1,size=16G')),
    ).toMatchObject({
      mountpoint: '/srv/data',
      options: 'backup=1',
    })
    expect(diskOf('lxc', entry('scsi0', 'local-lvm:x'))).toBeUndefined()
  })
  it('a disk added or removed at the next start is pending, read from the value that will apply', () => {
    expect(diskOf('qemu', { key: 'scsi1', pending: 'local-lvm:vm-101-disk-2,size=10G' })).toMatchObject({
      pending: true,
      sizeBytes: 10 * 1024 ** 3,
    })
    expect(diskOf('qemu', entry('ide2', 'none,media=cdrom', { delete: true }))?.pending).toBe(true)
  })
})

describe('NICs', () => {
  it('qemu writes the model as the key of the MAC', () => {
    expect(
      nicOf('qemu', entry('net0', 'virtio=BC:24:11:2E:4A:01,bridge=vmbr0,firewall=1,tag=20,queues=4')),
    ).toEqual({
      key: 'net0',
      model: 'virtio',
      mac: 'BC:24:11:2E:4A:01',
      bridge: 'vmbr0',
      tag: 20,
      firewall: true,
      options: 'queues=4',
      pending: false,
    })
    expect(nicOf('qemu', entry('net1', 'model=e1000,macaddr=AA:BB:CC:DD:EE:FF,link_down=1'))).toMatchObject({
      model: 'e1000',
      mac: 'AA:BB:CC:DD:EE:FF',
      linkDown: true,
    })
  })
  it('a container NIC: name, hwaddr, addresses, gateway', () => {
    expect(
      nicOf(
        'lxc',
        entry('net0', 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:02,ip=10.1.0.5/24,gw=10.1.0.1,type=veth'),
      ),
    ).toEqual({
      key: 'net0',
      name: 'eth0',
      bridge: 'vmbr0',
      mac: 'BC:24:11:00:00:02',
      ip: '10.1.0.5/24',
      gw: '10.1.0.1',
      options: 'type=veth',
      pending: false,
    })
  })
  it('a tag that is no VLAN number is left out', () => {
    expect(nicOf('qemu', entry('net0', 'virtio=BC:24:11:00:00:01,tag=20;30'))?.tag).toBeUndefined()
  })
  it('never throws on any value, and what it gives fits the wire shape', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('qemu' as const, 'lxc' as const),
        fc.constantFrom('net0', 'scsi0', 'rootfs', 'mp3', 'unused1', 'efidisk0'),
        fc.string({ maxLength: 600 }),
        fc.boolean(),
        (kind, key, value, pending) => {
          const e: ConfigEntry = pending ? { key, pending: value } : { key, value }
          const disk = diskOf(kind, e)
          if (disk !== undefined) GuestDisk.parse(disk)
          const nic = nicOf(kind, e)
          if (nic !== undefined) GuestNic.parse(nic)
        },
      ),
    )
  })
})
