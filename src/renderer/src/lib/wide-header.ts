import { useMediaQuery } from '@mantine/hooks'

/**
 * Whether the header has room for its less-used buttons' words. Below this width they show their icon alone (the
 * name stays their accessible name and tooltip): the search box, the cluster chips and the Tasks button, which an
 * operator reads at a glance, keep the room. 1600 px: the chips of three clusters, one with a changed certificate,
 * still fit beside the words.
 */
export const useWideHeader = (): boolean => useMediaQuery('(min-width: 1600px)', false)
