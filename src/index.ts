/** Action entry (bundled to dist/action/index.js): the real dependencies, then the action's one run. */
import { run } from './action/main.js';
import { realDeps } from './action/real-deps.js';
await run(realDeps());
