import { z } from 'zod'

/** One configured cluster as main keeps it (no secret: credentials live in the credential source). */
export const ClusterConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a short slug: lower-case letters, digits and dashes'),
  name: z.string().min(1),
  endpoints: z
    .array(
      z.object({
        url: z.url({ protocol: /^https$/ }),
        fingerprint: z.string().optional(),
        node: z.string().optional(),
      }),
    )
    .min(1),
  /** Site label by node name. */
  sites: z.record(z.string(), z.string()).default({}),
  /** Site of nodes not listed in `sites` (default: the cluster's name). */
  defaultSite: z.string().optional(),
  color: z.string().optional(),
  readOnly: z.boolean().default(false),
})
export type ClusterConfig = z.infer<typeof ClusterConfig>

export const defaultSiteOf = (config: ClusterConfig): string => config.defaultSite ?? config.name
