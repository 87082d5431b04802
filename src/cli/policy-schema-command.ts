/** `promotion-gate policy-schema`: print the policy's JSON Schema (committed as schema/policy.schema.json). */
import { policyJsonSchema } from '../policy/schema.js';
import { EXIT, type Command } from './command.js';

export const policySchemaCommand: Command = {
  name: 'policy-schema',
  summary: 'Print the JSON Schema of policy.yml (for editor autocompletion).',
  usage: 'policy-schema',
  help: 'Point your editor at it, e.g. a first line `# yaml-language-server: $schema=<path>/policy.schema.json`.',
  options: {},
  async run(_values, _positionals, io) {
    io.stdout(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
    return EXIT.pass;
  },
};
