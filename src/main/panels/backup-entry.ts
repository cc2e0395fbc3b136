import type { BackupEntry } from '../../shared/model/panels'
import type { Raw } from './pve-read'
import { defined, finite, integer, isRecord, text, truthy } from './pve-read'

/**
 * One backup volume of `GET /nodes/{node}/storage/{storage}/content` (pve-storage Storage.pm `volume_list` /
 * PBSPlugin.pm `list_volumes`): `ctime` may come as a string (Perl), `verification` is PBS's last verify
 * (`{state: 'ok'|'failed', upid}`), `encrypted` is the key's fingerprint when the snapshot is encrypted. The
 * one reader of backup rows: the storage panel's list and the guest's Backups tab.
 */
export function backupEntry(row: Raw, storage: string): BackupEntry | undefined {
  const volid = text(row.volid)
  if (volid === undefined || volid === '') return undefined
  const verification = isRecord(row.verification) ? row.verification : undefined
  const state = text(verification?.state)
  const encrypted = row.encrypted
  return defined({
    volid,
    storage,
    vmid: integer(row.vmid),
    ctime: finite(row.ctime),
    size: finite(row.size),
    format: text(row.format),
    subtype: text(row.subtype),
    notes: text(row.notes, 8_192),
    protected: truthy(row.protected),
    verification: state === undefined ? undefined : defined({ state, upid: text(verification?.upid) }),
    encrypted:
      encrypted === undefined || encrypted === null
        ? undefined
        : typeof encrypted === 'string'
          ? encrypted !== ''
          : truthy(encrypted),
  })
}

/** Newest first; the same time by volid, so that a refresh never reorders the list. */
export const newestBackupFirst = (a: BackupEntry, b: BackupEntry): number =>
  (b.ctime ?? 0) - (a.ctime ?? 0) || (a.volid < b.volid ? -1 : a.volid > b.volid ? 1 : 0)
