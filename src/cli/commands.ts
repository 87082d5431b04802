/** Every CLI command, in the order `--help` lists them. */
import type { Command } from './command.js';
import { baselineCreateCommand } from './baseline-create-command.js';
import { compareCommand } from './compare-command.js';
import { runsCommand } from './runs-command.js';
import { fingerprintCommand } from './fingerprint-command.js';
import { gateCommand } from './gate-command.js';
import { policySchemaCommand } from './policy-schema-command.js';
import { promoteCommand } from './promote-command.js';
import { runCreateCommand } from './run-command.js';
import { verifyCommand } from './verify-command.js';

export const COMMANDS: Command[] = [gateCommand, promoteCommand, runCreateCommand, compareCommand, runsCommand, fingerprintCommand, verifyCommand, policySchemaCommand, baselineCreateCommand];
