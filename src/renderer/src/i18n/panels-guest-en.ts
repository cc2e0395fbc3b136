/** English strings of the guest panel (`panels.guest.*`, lane E). */
export const panelsGuestEn = {
  tabs: {
    summary: 'Summary',
  },
}
