// Preloaded (node -r) into a process whose peak memory a benchmark wants: writes it, in KB, to KAOPING_RSS_FILE on
// exit. On Linux the peak is VmHWM of /proc/self/status, the high-water mark of this program's own memory:
// getrusage's maxRSS (process.resourceUsage) keeps that of the process it was forked from before it started this
// program, so a command started by a benchmark holding a million units' data read as large as the benchmark.
process.on('exit', () => {
  const file = process.env.KAOPING_RSS_FILE;
  if (!file) return;
  const fs = require('node:fs');
  let status = '';
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    // not Linux: getrusage's figure, as good as the system gives
  }
  const own = /^VmHWM:\s*(\d+) kB$/m.exec(status);
  fs.writeFileSync(file, String(own ? Number(own[1]) : process.resourceUsage().maxRSS));
});
