import { build } from 'esbuild';
const e = process.argv[2]; const ext = process.argv[3] === 'ext' ? ['@aws-sdk/*'] : [];
const r = await build({ entryPoints: [e], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node24', minify: true, mainFields: ['module','main'], external: ext, outfile: 'index.mjs', metafile: true, logLevel: 'error' });
const out = Object.values(r.metafile.outputs).find(o => o.entryPoint);
const byPkg = new Map();
for (const [p, v] of Object.entries(out.inputs)) { const m = p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); const k = m ? m[1] : p.split('/').slice(0,2).join('/'); byPkg.set(k, (byPkg.get(k) ?? 0) + v.bytesInOutput); }
for (const [k, v] of [...byPkg].sort((a,b)=>b[1]-a[1]).slice(0, 25)) console.log((v/1024).toFixed(0).padStart(6), k);
