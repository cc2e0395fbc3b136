import { describe, expect, it } from 'vitest'

import { drGuestRow, drOf, drSite } from '../../../../tests/support/inventory-fixture-dr'
import type { InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import { sampleSnapshot } from '../file/sample-snapshot.testing'
import type { Cell, ExportSource, Sheet } from './cells'
import { csvFileName, csvText, UTF8_BOM } from './csv'
import { reportHtml } from './html'
import { reportPdf } from './pdf'
import { buildReport } from './report'
import { buildSheets } from './sheets'

const source = (snapshot: InventorySnapshot): ExportSource => ({
  snapshot,
  sha256: 'e'.repeat(64),
  signer: { publicKey: 'ssh-ed25519 AAAAC3Nza pvedesk-inventory@desk-01', fingerprint: 'SHA256:abcdefgh' },
  manifest: {} as ExportSource['manifest'],
})

const records = (s: Sheet | undefined): Record<string, Cell>[] =>
  (s?.rows ?? []).map((r) => Object.fromEntries(s?.columns.map((c, i) => [c.header, r[i] ?? null]) ?? []))

const at = 1_796_126_400
const dr = drOf(
  [
    drGuestRow({
      vmid: 100,
      name: '<script>alert(1)</script>',
      flags: ['replica-stale', 'replication-failed'],
      replication: [
        {
          id: '100-0',
          target: 'yak-pve1',
          targetSite: 'Yamoussoukro',
          schedule: '*/15',
          disabled: false,
          lastSync: at - 5400,
          lagSeconds: 5400,
          failCount: 3,
          error: 'zfs send failed',
        },
      ],
      ha: { sid: 'vm:100', rules: [], requested: 'started', current: 'started' },
      lastBackup: {
        volid: 'pbs-yakro:backup/vm/100/2026-12-01T02:00:00Z',
        storage: 'pbs-yakro',
        storageSite: 'Yamoussoukro',
        time: at - 36_000,
        ageSeconds: 36_000,
        protected: false,
        verification: 'ok',
      },
      backupCount: 4,
      backupJobs: ['backup-daily'],
    }),
    drGuestRow({ vmid: 101, flags: ['backup-unverified'] }),
    drGuestRow({ vmid: 102, flags: [] }),
    drGuestRow({ vmid: 103, level: 'none', target: { from: [] } }),
  ],
  [
    drSite({
      site: 'Abidjan',
      level: 'red',
      problems: [{ code: 'storage-critical', level: 'red', params: {} }],
      storage: [
        {
          clusterId: 'ace-prod',
          storage: 'ceph-vm',
          node: 'ace-pve1',
          shared: true,
          used: 98,
          total: 100,
          level: 'critical',
        },
      ],
      certificates: [
        {
          clusterId: 'ace-prod',
          node: 'ace-pve1',
          filename: 'pve-ssl.pem',
          notAfter: at + 86_400 * 12,
          daysLeft: 12.4,
        },
      ],
    }),
  ],
  at,
)
const snapshot: InventorySnapshot = { ...sampleSnapshot(), dr }

describe('the DR sheets of an export', () => {
  const sheets = buildSheets(source(snapshot))
  const guests = records(sheets.find((s) => s.name === 'DR guests'))
  const sites = records(sheets.find((s) => s.name === 'DR sites'))

  it('have a row per guest of the report, with its level, reasons, replica and newest backup', () => {
    expect(guests.map((g) => [g.VMID, g.Level])).toEqual([
      [100, 'red'],
      [101, 'amber'],
      [102, 'green'],
      [103, 'none'],
    ])
    expect(guests[0]).toMatchObject({
      Cluster: 'ace-prod',
      Type: 'VM',
      Reasons: 'replica-stale, replication-failed',
      Site: 'Abidjan',
      'Replication target': 'yak-pve1',
      'Replica site': 'Yamoussoukro',
      'Last sync (UTC)': new Date((at - 5400) * 1000),
      'Replication lag (min)': 90,
      'Fail count': 3,
      'Replication error': 'zfs send failed',
      'HA (requested / current)': 'started / started',
      'Last backup (UTC)': new Date((at - 36_000) * 1000),
      'Backup age (h)': 10,
      'Backup storage': 'pbs-yakro',
      'Backup site': 'Yamoussoukro',
      Verification: 'ok',
      Backups: 4,
      'Backup jobs': 'backup-daily',
      'Replica target (min)': 30,
      'Backup target (h)': 24,
      'Targets from': 'tag:prod',
    })
    expect(guests[3]).toMatchObject({ Level: 'none', 'Targets from': null, Reasons: null })
  })

  it('have a row per site with its problems, quorum, nodes, storage and certificates', () => {
    expect(sites).toEqual([
      {
        Site: 'Abidjan',
        Level: 'red',
        Problems: 'storage-critical',
        'Quorum (votes)': 'ace-prod: yes (3/3)',
        'Nodes online': '1/1',
        'Storage critical': 'ceph-vm (98 %)',
        'Storage warning': null,
        'Certificates expiring': 'ace-pve1 pve-ssl.pem (12 d)',
        Guests: 1,
        'Red guests': 0,
        'Amber guests': 0,
        'Last contact (UTC)': new Date(at * 1000),
        Stale: 'no',
      },
    ])
  })

  it('are empty for a snapshot without a DR report (an older file), and the report has no DR section', () => {
    const old = buildSheets(source(sampleSnapshot()))
    expect(old.find((s) => s.name === 'DR guests')?.rows).toEqual([])
    expect(old.find((s) => s.name === 'DR sites')?.rows).toEqual([])
    const report = buildReport(source(sampleSnapshot()))
    expect(report.dr).toBeUndefined()
    expect(reportHtml(report)).not.toContain('Disaster recovery')
  })

  it('are the CSV files of the same name, a hostile name neutralized as every CSV field is', () => {
    const sheet = sheets.find((s) => s.name === 'DR guests') as Sheet
    expect(csvFileName(sheet)).toBe('DR guests.csv')
    const lines = csvText(sheet).replace(UTF8_BOM, '').split('\r\n')
    expect(lines[0]).toMatch(/^Cluster,VMID,Type,Name,Level,Reasons,Site,/)
    expect(lines[1]).toMatch(
      /^ace-prod,100,VM,<script>alert\(1\)<\/script>,red,"replica-stale, replication-failed",Abidjan,/,
    )
  })
})

describe('the DR section of the printed report', () => {
  const report = buildReport(source(snapshot))

  it('counts the levels, lists the red then the amber guests with their reasons, and the sites', () => {
    expect(report.dr?.counts).toEqual({ red: 1, amber: 1, green: 1, none: 1 })
    expect(report.dr?.guests.rows.map((r) => [r[0], r[2], r[6]])).toEqual([
      ['red', 100, 'replica-stale, replication-failed'],
      ['amber', 101, 'backup-unverified'],
    ])
    expect(report.dr?.sites.rows.map((r) => r[0])).toEqual(['Abidjan'])
  })

  it('is in the HTML page, its values escaped', () => {
    const html = reportHtml(report)
    expect(html).toContain('<h2>Disaster recovery</h2>')
    expect(html).toContain('1 red, 1 amber, 1 green, 1 without a target')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>')
  })

  it('is in the PDF', async () => {
    const pdf = await reportPdf(report)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    // pdfkit writes text as hex glyph runs: the report with a DR section is longer than without.
    const without = await reportPdf({ ...report, dr: undefined })
    expect(pdf.length).toBeGreaterThan(without.length)
  })
})
