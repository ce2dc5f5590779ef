import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // `kaoping`: the browser-safe core; `kaoping/node`: files, encodings, workbooks
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    // shared chunks in CommonJS too, so that kaoping and kaoping/node share one ValidationError class
    splitting: true,
    // an ESM-only browser build: bundled, so that CommonJS users get it too
    noExternal: ['csv-stringify/browser/esm/sync'],
  },
  {
    // the `kaoping` command: ESM only
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    // one file with its dependencies in it: Node resolves and loads one module instead of hundreds, which is
    // most of a short run's time. exceljs stays outside (it is large and loaded only for .xlsx files).
    noExternal: [/^(?!exceljs$)/],
    // smaller to parse; messages carry no stack traces, and the source map is shipped beside it
    minify: true,
    // the bundled CommonJS dependencies (json-rules-engine) call require for Node's own modules
    banner: { js: "import { createRequire as __kaopingCreateRequire } from 'node:module'; const require = __kaopingCreateRequire(import.meta.url);" },
  },
]);
