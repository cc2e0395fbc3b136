/**
 * A task in words, as PVE's own task list shows it (pve-manager www/manager6/Utils.js `format_task_description`
 * and its `task_desc_table`): `VM 101 - Start`, `CT 110 - Migrate`, `HA 101 - Start`. English only: the CLI
 * prints for scripts and logs; the app's timeline has its own words in both languages (i18n `tasks.type`).
 * A type not listed here is printed as PVE's worker type, with its id.
 */
const WORDS: Record<string, readonly [prefix: string, action: string]> = {
  hastart: ['HA', 'Start'],
  hastop: ['HA', 'Stop'],
  hashutdown: ['HA', 'Shutdown'],
  hamigrate: ['HA', 'Migrate'],
  qmstart: ['VM', 'Start'],
  qmstop: ['VM', 'Stop'],
  qmshutdown: ['VM', 'Shutdown'],
  qmreboot: ['VM', 'Reboot'],
  qmreset: ['VM', 'Reset'],
  qmsuspend: ['VM', 'Hibernate'],
  qmpause: ['VM', 'Pause'],
  qmresume: ['VM', 'Resume'],
  qmigrate: ['VM', 'Migrate'],
  qmsnapshot: ['VM', 'Snapshot'],
  qmdelsnapshot: ['VM', 'Delete Snapshot'],
  qmrollback: ['VM', 'Rollback'],
  qmrestore: ['VM', 'Restore'],
  qmclone: ['VM', 'Clone'],
  qmconfig: ['VM', 'Configure'],
  qmcreate: ['VM', 'Create'],
  qmdestroy: ['VM', 'Destroy'],
  qmtemplate: ['VM', 'Convert to template'],
  qmmove: ['VM', 'Move disk'],
  vzstart: ['CT', 'Start'],
  vzstop: ['CT', 'Stop'],
  vzshutdown: ['CT', 'Shutdown'],
  vzreboot: ['CT', 'Reboot'],
  vzsuspend: ['CT', 'Suspend'],
  vzresume: ['CT', 'Resume'],
  vzmigrate: ['CT', 'Migrate'],
  vzsnapshot: ['CT', 'Snapshot'],
  vzdelsnapshot: ['CT', 'Delete Snapshot'],
  vzrollback: ['CT', 'Rollback'],
  vzrestore: ['CT', 'Restore'],
  vzclone: ['CT', 'Clone'],
  vzcreate: ['CT', 'Create'],
  vzdestroy: ['CT', 'Destroy'],
  vztemplate: ['CT', 'Convert to template'],
  vzmount: ['CT', 'Mount'],
  vzumount: ['CT', 'Unmount'],
  vzdump: ['VM/CT', 'Backup'],
  vncproxy: ['VM/CT', 'Console'],
  spiceproxy: ['VM/CT', 'Console (Spice)'],
  vncshell: ['', 'Shell'],
  spiceshell: ['', 'Shell (Spice)'],
  termproxy: ['', 'Console (xterm.js)'],
  imgcopy: ['', 'Copy data'],
  imgdel: ['', 'Erase data'],
  download: ['File', 'Download'],
  startall: ['', 'Bulk start VMs and Containers'],
  stopall: ['', 'Bulk shutdown VMs and Containers'],
  suspendall: ['', 'Bulk suspend VMs and Containers'],
  migrateall: ['', 'Bulk migrate VMs and Containers'],
}

export function taskWords(type: string, id: string): string {
  const words = Object.hasOwn(WORDS, type) ? WORDS[type] : undefined
  if (words === undefined) return id === '' ? type : `${type} ${id}`
  const [prefix, action] = words
  // vzdump without an id is a backup job over several guests (`Backup Job` in PVE's list).
  if (type === 'vzdump' && id === '') return 'Backup Job'
  const subject = [prefix, id].filter((part) => part !== '').join(' ')
  return subject === '' ? action : `${subject} - ${action}`
}
