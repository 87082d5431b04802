/** Every CLI command, in the order `--help` lists them. */
import type { Command } from './command.js';
import { gateCommand } from './gate-command.js';
import { policySchemaCommand } from './policy-schema-command.js';

export const COMMANDS: Command[] = [gateCommand, policySchemaCommand];
