import type { tasksEn } from './tasks-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de tasks (fusionnées dans fr.ts sous `tasks`). */
export const tasksFr: Strings<typeof tasksEn> = {
  title: 'Tasks',
}
