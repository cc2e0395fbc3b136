import type { ReactElement } from 'react'

import type { DrReport } from '../../../../../shared/model/dr'

/** Placeholder committed by lane U1 for lane U2, who owns this file: one card per site of the report. */
export function SitesOverview({ report }: { report: DrReport; offline?: boolean }): ReactElement {
  return <div data-testid="dr-sites">{report.sites.map((s) => s.site).join(' · ')}</div>
}
