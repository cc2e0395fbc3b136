import type { SearchQuery } from '../shared/search/query'
import { parseQuery } from '../shared/search/query'
import { usage } from './cli-options'

/**
 * `--filter QUERY` in the search syntax of the app's tree (src/shared/search). A query with a problem is refused
 * whole (exit status 2, each problem with where it is): the tree filters while the user types, a script must not
 * act on guests a half-read query happened to match. With `required`, an empty query is refused too: a bulk
 * action over every guest is asked for explicitly (`vmid:*`).
 */
export function parseFilter(text: string | undefined, { required }: { required: boolean }): SearchQuery {
  if (text === undefined || text.trim() === '') {
    if (required) throw usage('missing --filter QUERY (every guest: --filter "vmid:*")')
    return { terms: [] }
  }
  const { query, problems } = parseQuery(text)
  if (problems.length > 0)
    throw usage(
      `--filter: ${problems
        .map(
          (p) =>
            `${p.message} at ${p.start + 1}${p.end > p.start + 1 ? `-${p.end}` : ''} (${text.slice(p.start, p.end)})`,
        )
        .join('; ')}`,
    )
  if (required && query.terms.length === 0) throw usage('--filter matches every guest: say so with "vmid:*"')
  return query
}
