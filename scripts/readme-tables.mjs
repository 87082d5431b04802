// Regenerates the inputs and outputs tables in README.md from action.yml, between the
// `<!-- inputs:start -->`/`<!-- inputs:end -->` markers (and the outputs pair), and the policy
// reference from schema/policy.schema.json (the `policy` pair). Run by `npm run bundle`
// after the schema is written, so check-dist fails when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'));
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').trim();

const inputs = [
  '| input | default | description |',
  '| --- | --- | --- |',
  ...Object.entries(action.inputs).map(([name, spec]) => `| \`${name}\` | ${spec.default === '' || spec.default === undefined ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`),
].join('\n');
const outputs = [
  '| output | description |',
  '| --- | --- |',
  ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
].join('\n');

// Every policy field, by dot path (`rules[].metric`), with its type, default and description.
const schema = JSON.parse(readFileSync('schema/policy.schema.json', 'utf8'));
const typeOf = (node) => {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items?.type === 'object' ? 'objects' : `${node.items?.type ?? 'values'}s`}`;
  return node.type ?? '';
};
const defaultOf = (node) => {
  if (node.default === undefined || (typeof node.default === 'object' && node.default !== null && !Array.isArray(node.default))) return '';
  return `\`${typeof node.default === 'string' ? node.default : JSON.stringify(node.default)}\``;
};
const policyRows = [];
const walk = (node, prefix) => {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key === '$schema') continue;
    const path = `${prefix}${key}`;
    const required = (node.required ?? []).includes(key) ? ' (required)' : '';
    const about = child.description ?? child.items?.description ?? (child.type === 'object' ? 'The fields below.' : '');
    policyRows.push(`| \`${path}\`${required} | ${typeOf(child)} | ${defaultOf(child)} | ${cell(about)} |`);
    if (child.type === 'object') walk(child, `${path}.`);
    if (child.type === 'array' && child.items?.type === 'object') walk(child.items, `${path}[].`);
  }
};
walk(schema, '');
const policy = ['| field | type | default | description |', '| --- | --- | --- | --- |', ...policyRows].join('\n');

const replaceBetween = (text, name, body) => {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
};

const readme = readFileSync('README.md', 'utf8');
const next = replaceBetween(replaceBetween(replaceBetween(readme, 'inputs', inputs), 'outputs', outputs), 'policy', policy);
if (next !== readme) writeFileSync('README.md', next);
