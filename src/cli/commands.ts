/** Every CLI command, in the order `--help` lists them. */
import type { Command } from './command.js';
import { archiveCommand, restoreCommand } from './archive-command.js';
import { baselineCreateCommand } from './baseline-create-command.js';
import { cleanupCommand } from './cleanup-command.js';
import { compareCommand } from './compare-command.js';
import { eventsCommand } from './events-command.js';
import { fingerprintCommand } from './fingerprint-command.js';
import { gateCommand } from './gate-command.js';
import { policySchemaCommand } from './policy-schema-command.js';
import { promoteCommand } from './promote-command.js';
import { rolloutCommand } from './rollout-command.js';
import { runCreateCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';
import { scoreCommand } from './score-command.js';
import { verifyCommand } from './verify-command.js';
import { siteCommand } from './site-command.js';

export const COMMANDS: Command[] = [gateCommand, promoteCommand, runCreateCommand, fingerprintCommand, verifyCommand, rolloutCommand, policySchemaCommand, baselineCreateCommand];

/** Lifecycle commands (DESIGN.md section 10), listed after the others. */
COMMANDS.push(archiveCommand, restoreCommand, cleanupCommand, eventsCommand);

/** Comparison commands (DESIGN.md section 9). */
COMMANDS.push(compareCommand, runsCommand);

/** Gate extensions (DESIGN.md section 12). */
COMMANDS.push(scoreCommand);

/** The dashboard (DESIGN.md section 14). */
COMMANDS.push(siteCommand);
