import { mapStackTraces } from './stack-traces.js';

// The bundler puts this module first in every Lambda bundle
// (infra/constructs/bundling.ts, `inject`): a bundle is CommonJS, so
// __filename is the bundle's own file, whose source map lies beside it.
// Nothing else imports it, so code run locally (tsx, vitest) keeps Node's
// own stack traces.
mapStackTraces(__filename);
