/** Action entry (bundled to dist/action/index.js): the real dependencies, then the action's one run. */
// The event guard comes first: it must run before @actions/github is loaded (see its comment).
import { EVENT } from './action/event-guard.js';
import { run } from './action/main.js';
import { realDeps } from './action/real-deps.js';
import { keepYoungGenerationSmall } from './parse/young-generation.js';

keepYoungGenerationSmall();
await run(realDeps(process.env, EVENT));
