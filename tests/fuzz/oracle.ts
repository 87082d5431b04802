/**
 * The fuzzing oracle (issue 9): one gate run, in-process through `runCli` (the CLI's own
 * entry, with its output filter) or through the bundled CLI, judged by what must hold for
 * any input: nothing crashes (exit 0, 1 or 2; no "internal error"), bad input never passes,
 * nothing from outside the store is echoed, no secret is printed, the Markdown stays inert,
 * and no stdout or stderr line is a workflow command.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { countMarkers } from '../../src/report/escape.js';
import { runBundledCli } from '../support/cli.js';
import { outsideCodeSpans } from '../unit/report/fixtures.js';
import { CANARY, SECRET_BODY } from './store-cases.js';

export interface GateOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  json: string;
  markdown: string;
}

export async function gateInProcess(cwd: string, args: string[]): Promise<GateOutcome> {
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTty: false, cwd, env: { NO_COLOR: '1' } }, COMMANDS);
  } catch (error) {
    // What the CLI's entry would print as an internal error: a finding, never an outcome.
    return { code: 2, stdout, stderr: `${stderr}internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, json: '', markdown: '' };
  }
  return { code, stdout, stderr, ...outputsIn(cwd) };
}

export async function gateBundled(cwd: string, args: string[]): Promise<GateOutcome> {
  const result = await runBundledCli(args, { cwd });
  return { ...result, ...outputsIn(cwd) };
}

function outputsIn(cwd: string): { json: string; markdown: string } {
  const read = (name: string): string => {
    try {
      return readFileSync(join(cwd, name), 'utf8');
    } catch {
      return '';
    }
  };
  const out = { json: read('report.json'), markdown: read('report.md') };
  rmSync(join(cwd, 'report.json'), { force: true });
  rmSync(join(cwd, 'report.md'), { force: true });
  return out;
}

export const GATE_ARGS = ['gate', '--store', 'store', '--run', 'cand', '--json', 'report.json', '--markdown', 'report.md'];

/** Tags the renderer writes itself; anything else outside code spans would be live HTML. */
const OWN_TAGS = /^<\/?(details|summary|sub|br|code)\b/;

/** What is wrong with an outcome (empty when every promise held). */
export function findings(outcome: GateOutcome, expectNotPass: boolean): string[] {
  const found: string[] = [];
  const { code, stdout, stderr, json, markdown } = outcome;
  if (code !== 0 && code !== 1 && code !== 2) found.push(`exit code ${code}`);
  if (/internal error/.test(stderr)) found.push(`crash: ${stderr.slice(0, 400)}`);
  if (code === 2 && stderr.trim().split('\n').length !== 1) found.push(`exit 2 without exactly one line on stderr: ${JSON.stringify(stderr.slice(0, 300))}`);
  if (expectNotPass && code === 0) found.push('bad input passed (exit 0)');
  if (json) {
    const verdict = (JSON.parse(json) as { verdict?: string }).verdict;
    if (expectNotPass && verdict === 'pass') found.push('bad input passed (report verdict pass)');
    if ((verdict === 'pass') !== (code === 0)) found.push(`exit ${code} disagrees with the report's verdict ${verdict}`);
  }
  for (const [where, text] of Object.entries({ stdout, stderr, json, markdown })) {
    if (text.includes(CANARY)) found.push(`${where} echoes a file from outside the store`);
    if (text.includes(SECRET_BODY)) found.push(`${where} prints a secret unmasked`);
  }
  for (const [where, text] of Object.entries({ stdout, stderr })) {
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (/^[\s\u0085\u180e]*::/.test(line) || line.includes('##[')) found.push(`${where} line is a workflow command: ${JSON.stringify(line.slice(0, 120))}`);
    }
  }
  if (markdown) {
    if (countMarkers(markdown) > 0) found.push('the Markdown holds a comment marker (the CLI writes none)');
    const prose = outsideCodeSpans(markdown);
    for (const tag of prose.match(/<[A-Za-z/!?][^\s>]*/g) ?? []) if (!OWN_TAGS.test(tag)) found.push(`live HTML in the Markdown: ${JSON.stringify(tag)}`);
    if (/@[A-Za-z0-9]/.test(prose)) found.push('a live @mention in the Markdown');
    if (/\]\(\s*javascript:/i.test(prose)) found.push('a javascript: link in the Markdown');
  }
  return found;
}
