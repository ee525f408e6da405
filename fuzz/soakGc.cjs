// Preloaded into the server by `npm run soak` only (with --expose-gc): on SIGUSR2 the server runs
// full collections, so the soak reads its resident memory in the same state after warm-up and at
// the end, rather than wherever V8's collection schedule happens to be. What is left on the heap
// then is written to READINESS_SOAK_STATS.
'use strict';
const fs = require('node:fs');
process.on('SIGUSR2', () => {
  global.gc();
  global.gc();
  if (process.env.READINESS_SOAK_STATS) fs.writeFileSync(process.env.READINESS_SOAK_STATS, JSON.stringify(process.memoryUsage()));
});
