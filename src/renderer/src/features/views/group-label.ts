import type { TFunction } from 'i18next'

import type { GroupKey } from './grouping'

/** What a group is called in the UI: its own word (a tag, a pool, a folder's name) or the UI's for the others. */
export function groupTitle(group: GroupKey, name: string, t: TFunction): string {
  switch (group.kind) {
    case 'favourites':
      return t('views.group.favourites')
    case 'none':
      return group.grouping === 'tag'
        ? t('views.group.untagged')
        : group.grouping === 'pool'
          ? t('views.group.noPool')
          : t('views.group.noFolder')
    case 'type':
      return t(`views.group.${group.type}`)
    default:
      return name
  }
}
