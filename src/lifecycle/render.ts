/**
 * The cleanup plan and the event log as text: a terminal table for the CLI, and the Markdown
 * pull request body for the action. Every string from the store is escaped; terminal lines
 * start with our own words (an action, a time), never with untrusted text (RELIABILITY F25).
 *
 * The pull request body is built from stable facts only (dates, rule names, what kept an
 * entry), never from ages, so a daily re-run of an unchanged plan leaves the PR unchanged.
 */
import { escapeControls, escapeText, inlineCode } from '../report/escape.js';
import type { StoredEvent } from '../store/event-log.js';
import type { HistoryAt } from './pins-at.js';
import type { CleanupPlan, CleanupRow } from './retention.js';

/** One line of untrusted text for a terminal: controls visible, newlines flattened. */
export const oneLine = (text: string, max = 500): string => escapeControls(text.replace(/\r\n|[\r\n]/g, ' ')).slice(0, max);

function policyLine(plan: CleanupPlan): string {
  const rules = Object.entries(plan.retention).map(([key, value]) => `${key}: ${String(value)}`);
  return rules.length > 0 ? rules.join(', ') : 'none (add a `retention` block to the policy: nothing is archived or deleted without one)';
}

function age(row: CleanupRow): string {
  return row.age_days === null ? '?' : `${row.age_days} d`;
}

function why(row: CleanupRow): string {
  const kept = row.kept_by.length > 0 ? `; kept: ${row.kept_by.map((p) => p.detail).join('; ')}` : '';
  return oneLine(`${row.rule}${kept}`, 2000);
}

export function renderPlanTerminal(plan: CleanupPlan, display: string, mode: string): string {
  const lines = [`Cleanup plan for ${display} at ${plan.now} (${mode})`, `retention: ${policyLine(plan)}`, ''];
  if (plan.rows.length > 0) {
    const width = Math.max(5, ...plan.rows.map((r) => r.path.length));
    lines.push(`action   ${'entry'.padEnd(width)}  ${'age'.padStart(6)}  rule, or what kept it`);
    for (const row of plan.rows) {
      lines.push(`${row.action.padEnd(7)}  ${row.path.padEnd(width)}  ${age(row).padStart(6)}  ${why(row)}`);
      for (const note of row.notes ?? []) lines.push(`         note: ${oneLine(note)}`);
    }
    lines.push('');
  }
  const u = plan.untouched;
  lines.push(
    `${plan.counts.archive} to archive, ${plan.counts.delete} to delete, ${plan.counts.keep} kept; ` +
      `never touched by retention: ${u.baselines} baselines, ${u.references} references, ${u.archived_baselines} archived baselines, ${u.archived_references} archived references`,
  );
  return `${lines.join('\n')}\n`;
}

/** A rule without its parenthesised numbers: `archive_after_days: 30`. */
const ruleName = (rule: string): string => rule.replace(/\s*\(.*\)(?::.*)?$/, '');

function markdownRow(row: CleanupRow, storePath: string): string {
  const path = storePath === '' ? row.path : `${storePath}/${row.path}`;
  const created = row.created_at === null ? 'unknown' : row.created_at.slice(0, 10);
  const archived = row.status === 'archived' ? (row.archived_at ? row.archived_at.slice(0, 10) : 'unknown') : '';
  const action = row.action === 'archive' ? `archive → ${inlineCode(row.to ?? '', { table: true })}` : row.action;
  const reason = row.kept_by.length > 0 ? `${escapeText(ruleName(row.rule), 200)}; kept: ${row.kept_by.map((p) => escapeText(p.detail, 300)).join('; ')}` : escapeText(ruleName(row.rule), 200);
  return `| ${inlineCode(path, { table: true })} | ${created} | ${archived} | ${action} | ${reason} |`;
}

/** Most characters a pull request body may have, with room to spare below GitHub's 65,536. */
const MAX_BODY = 60_000;

export function renderPlanMarkdown(plan: CleanupPlan, storePath: string): string {
  const shown = plan.rows.filter((r) => r.action !== 'keep' || r.kept_by.length > 0);
  const quietKeeps = plan.rows.length - shown.length;
  const head = [
    '## 🧹 Evaluation store cleanup',
    '',
    `The retention policy (${escapeText(policyLine(plan), 500)}) applied by \`promotion-gate cleanup\`: ` +
      `**${plan.counts.archive} to archive, ${plan.counts.delete} to delete**. One event file per action is in \`events/\`. ` +
      'Baselines and references are never touched; nothing that a pin, a config, an experiment arm, a rollout or an open pull request points to is archived or deleted.',
    '',
    '| Entry | Created | Archived | Action | Rule, or what kept it |',
    '| --- | --- | --- | --- | --- |',
  ];
  const tail = [
    '',
    `${quietKeeps} other ${quietKeeps === 1 ? 'entry is' : 'entries are'} kept (within the rules' limits). ` +
      `Never touched: ${plan.untouched.baselines} baselines, ${plan.untouched.references} references, ${plan.untouched.archived_baselines} archived baselines.`,
    '',
    'Merge to apply; close to skip. The next scheduled run updates this pull request in place.',
    '',
  ];
  let body = head.join('\n');
  let dropped = 0;
  for (const row of shown) {
    const line = `\n${markdownRow(row, storePath)}`;
    if (body.length + line.length + tail.join('\n').length + 200 > MAX_BODY) {
      dropped++;
      continue;
    }
    body += line;
  }
  if (dropped > 0) body += `\n\n${dropped} more rows: run \`promotion-gate cleanup --json plan.json\` for the whole plan.`;
  return `${body}\n${tail.join('\n')}`;
}

function eventLine(stored: StoredEvent): string {
  const e = stored.event;
  const move = e.from !== null || e.to !== null ? ` ${oneLine(e.from ?? '-')} -> ${oneLine(e.to ?? '-')}` : '';
  const pin = e.pin ? ` pin(${[e.pin.dataset && `dataset ${e.pin.dataset}`, e.pin.task && `task ${e.pin.task}`].filter(Boolean).join(', ') || 'any'})` : '';
  const reason = e.reason ? `: ${oneLine(e.reason, 300)}` : '';
  return `${e.at}  ${e.type.padEnd(22)} ${e.subject}${pin}${move}  by ${oneLine(e.actor, 100)}${reason}`;
}

export function renderEventsTerminal(events: StoredEvent[]): string {
  if (events.length === 0) return 'no events recorded\n';
  return `${events.map(eventLine).join('\n')}\n`;
}

export function renderHistoryTerminal(history: HistoryAt): string {
  const lines = [`On ${history.at}:`];
  if (history.pins.length === 0) lines.push('  no pins (neither in the policy nor in the event log)');
  for (const pin of history.pins) {
    const keys = [pin.dataset !== undefined && `dataset ${pin.dataset}`, pin.task !== undefined && `task ${pin.task}`].filter(Boolean).join(', ') || 'every run';
    lines.push(`  pin (${oneLine(keys)}): ${pin.baseline === null ? 'no baseline pinned' : pin.baseline}  [${oneLine(pin.source)}]`);
  }
  for (const p of history.production) lines.push(`  rollout ${p.rollout}: ${p.baseline} in production since ${p.since}`);
  return `${lines.join('\n')}\n`;
}
