/** English strings of the tree's views, folders, favourites and saved views (merged into en.ts under `views`). */
export const viewsEn = {
  title: 'Views',
}
