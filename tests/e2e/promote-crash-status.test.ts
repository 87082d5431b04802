// Crash-point sweep for `command: promote`, second half (RELIABILITY G4, G8, G11 and "Nothing
// lost"): each GitHub write of a first promotion refused outright with an error status in turn,
// then a re-run once, or twice at the same time. The first half (an applied write whose answer
// is lost) is promote-crash.test.ts; the two files run in parallel.
import { useGitHubSession } from '../support/github/use-session.js';
import { crashSweep } from './promote-support.js';

const gh = useGitHubSession('promote crash sweep (status)');

crashSweep(gh, 'status');
