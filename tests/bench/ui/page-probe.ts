/**
 * What the bench injects into the page before the app starts (as source text: it runs in Chromium, not Node).
 * It only observes. Recorded in `window.__bench`:
 * - `events`: Event Timing entries (keystroke → next paint, rounded by the browser to 8 ms, none under 16 ms);
 * - `keys`: per keystroke, keydown → the task after the next animation frame (≈ painted), in ms;
 * - `filtered`: keydown → the tree showing that search's rows, painted (the tree renders the search deferred);
 * - `deltas`: per `fleet:delta` message, its cluster and seq, the synchronous handling time, and arrival →
 *   painted (the first frame after the message, then the task after it);
 * - `longTasks`: long tasks (≥ 50 ms) with their start time.
 */
export const PAGE_PROBE = String.raw`
(() => {
  const bench = { events: [], keys: [], filtered: [], deltas: [], longTasks: [] }
  window.__bench = bench
  const nextTask = (callback) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => callback()
    channel.port2.postMessage(0)
  }
  const afterPaint = (callback) => requestAnimationFrame(() => nextTask(() => callback(performance.now())))
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      bench.events.push({ name: e.name, id: e.interactionId, start: e.startTime, duration: e.duration })
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration })
  }).observe({ type: 'longtask', buffered: true })
  let lastKey = 0
  addEventListener(
    'keydown',
    (e) => {
      const start = e.timeStamp
      lastKey = start
      afterPaint((end) => bench.keys.push({ key: e.key, start, ms: end - start }))
    },
    true,
  )
  // The tree says which search its rows are for (data-filter): keystroke → tree filtered and painted.
  new MutationObserver((records) => {
    if (!records.some((r) => r.attributeName === 'data-filter')) return
    const start = lastKey
    afterPaint((end) => bench.filtered.push({ start, ms: end - start }))
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-filter'] })
  // The bridge's socket may be the browser's or Playwright's stand-in (the bench routes it): wrap whichever.
  const original = EventTarget.prototype.addEventListener
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function' || !(this instanceof WebSocket))
      return original.call(this, type, listener, options)
    const wrapped = function (event) {
      const head = typeof event.data === 'string' ? event.data.slice(0, 300) : ''
      const match = /"fleet:delta","payload":\{"clusterId":"([^"]*)","seq":(\d+)/.exec(head)
      if (match === null) return listener.call(this, event)
      const start = performance.now()
      const result = listener.call(this, event)
      const sync = performance.now() - start
      // The first frame after the message: the app applies the delta in it (or before), then it is painted.
      afterPaint((end) => bench.deltas.push({ key: match[1] + '#' + match[2], sync, ms: end - start, at: start }))
      return result
    }
    return original.call(this, type, wrapped, options)
  }
})()
`
