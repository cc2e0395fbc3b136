import type { DrAlert, DrAlertKind } from '../../shared/model/dr'
import { escapeMarkup } from './task-notification-text'

const WORDS: Record<'en' | 'fr', Record<DrAlertKind, string> & { cleared: string }> = {
  en: {
    'replica-lag': 'DR: replica behind its target',
    'replication-failed': 'DR: replication failed',
    'backup-failed': 'DR: backup failed',
    'backup-overdue': 'DR: backup overdue',
    'quorum-lost': 'DR: cluster quorum lost',
    'node-down': 'DR: node down',
    'storage-critical': 'DR: storage almost full',
    'certificate-expiring': 'DR: certificate expiring',
    cleared: 'back to normal',
  },
  fr: {
    'replica-lag': 'PRA : réplica en retard sur son objectif',
    'replication-failed': 'PRA : échec de la réplication',
    'backup-failed': 'PRA : échec de la sauvegarde',
    'backup-overdue': 'PRA : sauvegarde en retard',
    'quorum-lost': 'PRA : quorum du cluster perdu',
    'node-down': 'PRA : nœud arrêté',
    'storage-critical': 'PRA : stockage presque plein',
    'certificate-expiring': 'PRA : certificat bientôt expiré',
    cleared: 'rétabli',
  },
}

/** Longest subject or PVE text shown: a hostile server's guest name or error could be a megabyte. */
const MAX_TEXT = 300

/**
 * The title and body of the OS notification for a DR alert: what happened in the operator's language, then the
 * cluster, the site and the subject (the guest, node, storage or certificate). Everything from the server or the
 * settings file is escaped (notification servers read the body as markup) and bounded.
 */
export function drNotificationText(alert: DrAlert, locale: string): { title: string; body: string } {
  const words = locale.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en
  const title = alert.phase === 'cleared' ? `${words[alert.kind]} — ${words.cleared}` : words[alert.kind]
  const where = [alert.clusterId, alert.site].filter((w) => w !== undefined && w !== '').join(' · ')
  const error = typeof alert.params.error === 'string' ? alert.params.error : ''
  const parts = [`${where}: ${alert.subject}`, error].filter((p) => p !== '')
  return { title, body: escapeMarkup(parts.join(' — ').slice(0, MAX_TEXT)) }
}
