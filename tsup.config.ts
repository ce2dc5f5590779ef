import { defineConfig } from 'tsup';

export default defineConfig({
  // `kaoping`: the browser-safe core; `kaoping/node`: files, encodings, workbooks; the `kaoping` command
  entry: { index: 'src/index.ts', node: 'src/node.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
