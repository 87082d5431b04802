/**
 * Reads the event payload before anything imports @actions/github, which parses
 * GITHUB_EVENT_PATH as it loads: a missing or malformed file would end the action right
 * there, with a stack trace and no report (issue 9, item 6). The payload read here is the
 * one the action uses; when it is unusable, the variable is hidden from the library and the
 * action reports the problem as a configuration error, in its own error handling.
 * src/index.ts imports this module first, so it is evaluated before the others.
 */
import { readEventPayload } from './context.js';

export const EVENT = readEventPayload(process.env.GITHUB_EVENT_PATH);
if (EVENT.problem) delete process.env.GITHUB_EVENT_PATH;
