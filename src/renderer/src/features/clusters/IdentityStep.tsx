import { ColorInput, Stack, Switch, TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { ClusterDraft } from './cluster-draft'
import { slugify } from './cluster-draft'

interface IdentityProps {
  draft: ClusterDraft
  update: (patch: Partial<ClusterDraft>) => void
  editing: boolean
  /** Nodes the connection test found, each of which may sit at its own site. */
  nodes: string[]
}

/** Display name and id, the site of each node (one site per cluster unless told otherwise), colour, read-only. */
export function IdentityStep({ draft, update, editing, nodes }: IdentityProps): ReactElement {
  const { t } = useTranslation()
  const nodeNames = [...new Set([...nodes, ...Object.keys(draft.sites)])].sort()
  return (
    <Stack gap="sm">
      <TextInput
        label={t('form.name')}
        value={draft.name}
        onChange={(e) => {
          const name = e.currentTarget.value
          update(editing ? { name } : { name, id: slugify(name) })
        }}
      />
      <TextInput
        label={t('form.id')}
        value={draft.id}
        disabled={editing}
        onChange={(e) => update({ id: e.currentTarget.value })}
      />
      <TextInput
        label={t('form.defaultSite')}
        placeholder={draft.name}
        value={draft.defaultSite}
        onChange={(e) => update({ defaultSite: e.currentTarget.value })}
      />
      {nodeNames.map((node) => (
        <TextInput
          key={node}
          label={t('form.siteOf', { node })}
          placeholder={draft.defaultSite || draft.name}
          value={draft.sites[node] ?? ''}
          onChange={(e) => update({ sites: { ...draft.sites, [node]: e.currentTarget.value } })}
        />
      ))}
      <ColorInput
        label={t('form.color')}
        value={draft.color}
        onChange={(color) => update({ color })}
        format="hex"
      />
      <Switch
        label={t('form.readOnly')}
        checked={draft.readOnly}
        onChange={(e) => update({ readOnly: e.currentTarget.checked })}
      />
    </Stack>
  )
}
