/** English strings of tasks (merged into en.ts under `tasks`). */
export const tasksEn = {
  title: 'Tasks',
}
