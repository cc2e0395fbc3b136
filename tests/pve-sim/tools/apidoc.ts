// Reading apidoc.json (the PVE API schema): its tree indexed by path, and the part of an endpoint the simulator
// enforces (parameters, permissions, proxying, tokens) in the shape of routes/apidoc-schema.ts. Shared by the
// generator and the conformance tests.

import type { EndpointSchema, SchemaParam } from '../schema'

export interface ApiNode {
  path: string
  info?: Record<string, ApiMethod>
  children?: ApiNode[]
}

export interface ApiMethod {
  parameters?: { properties?: Record<string, Record<string, unknown>> }
  permissions?: { check?: unknown[]; user?: string }
  proxyto?: string
  allowtoken?: number
  returns?: Record<string, unknown>
}

export function indexApidoc(tree: unknown): Map<string, ApiNode> {
  const byPath = new Map<string, ApiNode>()
  const visit = (node: ApiNode): void => {
    byPath.set(node.path, node)
    for (const child of node.children ?? []) visit(child)
  }
  for (const root of tree as ApiNode[]) visit(root)
  return byPath
}

/** Perl `(?^:…)` groups become JS non-capturing groups; a pattern JS cannot read is left out. */
function jsPattern(perl: unknown): string | undefined {
  if (typeof perl !== 'string') return undefined
  const source = perl.replaceAll('(?^:', '(?:').replaceAll('(?^i:', '(?:')
  try {
    new RegExp(source)
    return source
  } catch {
    return undefined
  }
}

function paramSpec(schema: Record<string, unknown>): SchemaParam {
  const type = Array.isArray(schema.enum) ? { enum: schema.enum as unknown[] } : String(schema.type)
  const spec: SchemaParam = { type }
  if (schema.optional === 1) spec.optional = true
  // Perl sometimes keeps a bound as a string ("0"): the schema means a number.
  if (schema.minimum !== undefined) spec.minimum = Number(schema.minimum)
  if (schema.maximum !== undefined) spec.maximum = Number(schema.maximum)
  if (schema.maxLength !== undefined) spec.maxLength = Number(schema.maxLength)
  if (typeof schema.requires === 'string') spec.requires = schema.requires
  const pattern = jsPattern(schema.pattern)
  if (pattern !== undefined) spec.pattern = pattern
  return spec
}

export function endpointSchema(info: ApiMethod): EndpointSchema {
  const permissions: EndpointSchema['permissions'] = {}
  if (info.permissions?.check !== undefined) permissions.check = info.permissions.check
  if (info.permissions?.user !== undefined) permissions.user = info.permissions.user
  return {
    params: Object.fromEntries(
      Object.entries(info.parameters?.properties ?? {}).map(([name, schema]) => [name, paramSpec(schema)]),
    ),
    permissions,
    proxy: info.proxyto === 'node',
    token: info.allowtoken !== 0,
  }
}
