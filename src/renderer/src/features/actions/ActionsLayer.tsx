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
  // Keyed by its opening: each dialog starts afresh and knows which opening its answers belong to.
  const key = useActionStore((s) => s.dialogId)
  useActionKeys()
  return (
    <>
      {dialog?.type === 'confirm' ? (
        <ConfirmDialog key={key} guest={dialog.guest} action={dialog.action} />
      ) : null}
      {dialog?.type === 'shutdown' ? <ShutdownDialog key={key} guest={dialog.guest} /> : null}
      {dialog?.type === 'migrate' ? <MigrateDialog key={key} guest={dialog.guest} /> : null}
      {dialog?.type === 'backup' ? <BackupDialog key={key} guest={dialog.guest} /> : null}
      {dialog?.type === 'snapshotCreate' ? <SnapshotCreateDialog key={key} guest={dialog.guest} /> : null}
      {dialog?.type === 'preferences' ? <PreferencesDialog key={key} /> : null}
      <ActionToasts />
    </>
  )
}

/**
 * Where an action key acts: the fleet tree and the details pane, where the selected guest is in sight. Not the
 * task dock, a console, the page's body after a click elsewhere: the key would act on a guest the user does not
 * see.
 */
const WHERE_SELECTED_IS_SEEN = '[role="tree"], #details-panel'

/**
 * Where an action key means nothing even there: typing (inputs), a console (its keys are the guest's), a dialog
 * or a menu already open.
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
      if (target?.closest(WHERE_SELECTED_IS_SEEN) == null) return
      if (target.closest(NOT_HERE) != null) return
      if (useActionStore.getState().dialog !== undefined) return
      const { selected, multi } = useUiStore.getState()
      if (selected?.kind !== 'guest' || multi.size > 1) return
      event.preventDefault()
      requestAction({ clusterId: selected.clusterId, vmid: selected.vmid }, item.id, { byKey: true })
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
