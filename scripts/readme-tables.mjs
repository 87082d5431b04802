// Regenerates the inputs and outputs tables in README.md from action.yml, between the
// `<!-- inputs:start -->`/`<!-- inputs:end -->` markers (and the outputs pair). Run by
// `npm run bundle`, so check-dist fails when the README is stale.
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

const replaceBetween = (text, name, body) => {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
};

const readme = readFileSync('README.md', 'utf8');
const next = replaceBetween(replaceBetween(readme, 'inputs', inputs), 'outputs', outputs);
if (next !== readme) writeFileSync('README.md', next);
