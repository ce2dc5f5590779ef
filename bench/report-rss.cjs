// Preloaded (node -r) into a process whose peak memory a benchmark wants: writes it to KAOPING_RSS_FILE on exit.
process.on('exit', () => {
  if (process.env.KAOPING_RSS_FILE) require('node:fs').writeFileSync(process.env.KAOPING_RSS_FILE, String(process.resourceUsage().maxRSS));
});
