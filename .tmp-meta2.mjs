import { build } from 'esbuild';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node24', minify: true, mainFields: ['module','main'], external: ['@aws-sdk/*'], outfile: 'index.mjs', metafile: true, logLevel: 'error' });
const out = Object.values(r.metafile.outputs).find(o => o.entryPoint);
const rows = Object.entries(out.inputs).filter(([p]) => p.includes('zod')).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput);
console.log(rows.length); for (const [p,v] of rows.slice(0,15)) console.log(v.bytesInOutput, p);
