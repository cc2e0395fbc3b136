import type { TFunction } from 'i18next'

import type { ParsedQuery, QueryProblem } from '../../../../shared/search/query'
import { FIELD_WORDS } from '../../../../shared/search/query'

/**
 * A parser problem in the user's language, by its code (the parser's own message is English, for the CLI):
 * what does not read, quoted from the text.
 */
export function problemText(t: TFunction, text: string, parsed: ParsedQuery, p: QueryProblem): string {
  const quoted = text.slice(p.start, p.end)
  switch (p.code) {
    case 'unknown_field':
      return t('search.problem.unknown_field', { text: quoted.replace(/:$/, '') })
    case 'bad_value': {
      const term = parsed.query.terms.find(
        (x) => x.start !== undefined && x.end !== undefined && x.start <= p.start && p.start < x.end,
      )
      const field = term?.field
      if (field === 'vmid')
        return t(
          /^\d+-\d+$/.test(quoted) ? 'search.problem.bad_value_range' : 'search.problem.bad_value_vmid',
          {
            text: quoted,
          },
        )
      return t('search.problem.bad_value', {
        text: quoted,
        field: field ?? '',
        expected: (field === undefined ? [] : (FIELD_WORDS[field] ?? [])).join(', '),
      })
    }
    default:
      return t(`search.problem.${p.code}`)
  }
}
