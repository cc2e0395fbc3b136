import type { ReactElement } from 'react'
import { useEffect } from 'react'

import { useActionStore } from '../../stores/action-store'
import { useUiStore } from '../../stores/ui-store'
import { actionForKey } from './action-catalog'
import { ActionToasts } from './ActionToasts'
import { BackupDialog } from './BackupDialog'
import { ConfirmDialog } from './ConfirmDialog'
import { MigrateDialog } from './MigrateDialog'
import { PreferencesDialog } from './PreferencesDialog'
import { requestAction } from './request-action'
import { ShutdownDialog } from './ShutdownDialog'
import { SnapshotCreateDialog } from './SnapshotCreateDialog'

/** The dialogs of guest actions (confirmations, migrate, backup, snapshots) and the action keyboard shortcuts. */
export function ActionsLayer(): ReactElement | null {
  const dialog = useActionStore((s) => s.dialog)
  useActionKeys()
  return (
    <>
      {dialog?.type === 'confirm' ? <ConfirmDialog guest={dialog.guest} action={dialog.action} /> : null}
      {dialog?.type === 'shutdown' ? <ShutdownDialog guest={dialog.guest} /> : null}
      {dialog?.type === 'migrate' ? <MigrateDialog guest={dialog.guest} /> : null}
      {dialog?.type === 'backup' ? <BackupDialog guest={dialog.guest} /> : null}
      {dialog?.type === 'snapshotCreate' ? <SnapshotCreateDialog guest={dialog.guest} /> : null}
      {dialog?.type === 'preferences' ? <PreferencesDialog /> : null}
      <ActionToasts />
    </>
  )
}

/**
 * Where an action key means nothing: typing (inputs), a console (its keys are the guest's), a dialog or a menu
 * already open.
 */
const NOT_HERE =
  'input, textarea, select, [contenteditable="true"], .xterm, canvas, [role="dialog"], [role="menu"]'

/** Alt+Shift+letter on the selected guest (one guest: several picked are the bulk bar's). */
function useActionKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const item = actionForKey(event)
      if (item === undefined) return
      const target = event.target instanceof Element ? event.target : null
      if (target?.closest(NOT_HERE) != null) return
      if (useActionStore.getState().dialog !== undefined) return
      const { selected, multi } = useUiStore.getState()
      if (selected?.kind !== 'guest' || multi.size > 1) return
      event.preventDefault()
      requestAction({ clusterId: selected.clusterId, vmid: selected.vmid }, item.id)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
