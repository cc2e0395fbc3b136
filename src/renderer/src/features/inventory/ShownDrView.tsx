import type { ReactElement } from 'react'

import { DrView } from '../dr/DrView'
import { useShownDrReport } from './use-shown-dr'

/** The DR view of what the window shows: live, main's report; with an inventory snapshot open, the snapshot's. */
export function ShownDrView(): ReactElement {
  const { report, offline } = useShownDrReport()
  return offline ? <DrView offline={{ report }} /> : <DrView />
}
