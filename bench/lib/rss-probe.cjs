// Preloaded into node processes when /usr/bin/time is missing: writes the process's peak RSS (KB) at exit.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.KEYGUARD_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
