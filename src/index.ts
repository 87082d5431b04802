import { run } from './action/main.js';
import { realDeps } from './action/real-deps.js';
await run(realDeps());
