import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const entries = ['functions/api/pilots-create.ts','functions/api/pilots-get.ts','functions/api/vouchers-load.ts','functions/steps/lifecycle-step.ts','functions/steps/wake-up.ts','functions/steps/digest.ts','functions/steps/park.ts'];
for (const ext of [[], ['@aws-sdk/*']]) {
  for (const e of entries) {
    const r = await build({ entryPoints: [e], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node24', minify: true, mainFields: ['module','main'], external: ext, outfile: 'index.mjs', metafile: true, logLevel: 'error',
      banner: { js: "import { createRequire as __projectCreateRequire } from 'node:module'; const require = __projectCreateRequire(import.meta.url);" } });
    const out = r.outputFiles.find(f => f.path.endsWith('.mjs')).contents;
    console.log(ext.length ? 'ext' : 'bundled', e, (out.length/1024).toFixed(0), (gzipSync(out).length/1024).toFixed(0));
  }
}
