import { Badge } from '@mantine/core'
import { CircleCheck, CircleMinus, OctagonAlert, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrLevel } from '../../../../shared/model/dr'

const COLOR: Record<DrLevel, string> = { red: 'red', amber: 'orange', green: 'green', none: 'gray' }
const ICON = { red: OctagonAlert, amber: TriangleAlert, green: CircleCheck, none: CircleMinus }

/** A level by its colour, its shape and its word: never by colour alone. */
export function DrLevelBadge({ level }: { level: DrLevel }): ReactElement {
  const { t } = useTranslation()
  const Icon = ICON[level]
  return (
    <Badge
      color={COLOR[level]}
      variant={level === 'none' ? 'outline' : 'light'}
      tt="none"
      leftSection={<Icon size={12} aria-hidden="true" />}
      data-level={level}
    >
      {t(`dr.level.${level}`)}
    </Badge>
  )
}
