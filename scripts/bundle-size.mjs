// Bundles the core (`kaoping`, src/index.ts) for the browser with esbuild, minified, and prints its size
// gzipped. Fails if the bundle pulls in any Node built-in. Run: node scripts/bundle-size.mjs
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const result = await build({
  entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const builtins = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:') || /^(fs|path|os|crypto|stream|util|events|buffer|child_process)$/.test(input));
if (builtins.length > 0) {
  console.error(`the core bundle pulls in Node built-ins: ${builtins.join(', ')}`);
  process.exit(1);
}
const code = result.outputFiles[0].contents;
console.log(`core bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(code).length / 1024).toFixed(1)} KiB minified+gzipped`);
