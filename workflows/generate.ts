import { writeFileSync } from 'node:fs';
import { lifecycleDefinitionText } from './definition.js';

// npm run workflow:generate: writes the state machine from its phase table.
const file = new URL('./pilot-lifecycle.asl.json', import.meta.url);
writeFileSync(file, lifecycleDefinitionText());
console.log(`wrote ${file.pathname}`);
