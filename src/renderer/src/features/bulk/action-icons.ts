import type { LucideIcon } from 'lucide-react'
import {
  ArchiveRestore,
  Camera,
  MoveRight,
  Pause,
  Play,
  Power,
  RotateCw,
  Square,
  StepForward,
} from 'lucide-react'

import type { BulkActionKind } from '../../../../shared/model/bulk'

/** One icon per bulk action, shared by the menu, the bar and the dialog's title. */
export const BULK_ICONS: Record<BulkActionKind, LucideIcon> = {
  start: Play,
  shutdown: Power,
  stop: Square,
  reboot: RotateCw,
  suspend: Pause,
  resume: StepForward,
  migrate: MoveRight,
  backup: ArchiveRestore,
  snapshot: Camera,
}
