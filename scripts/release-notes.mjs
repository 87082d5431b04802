// Prints the CHANGELOG.md section of one version, the body of its GitHub release.
// `node scripts/release-notes.mjs 1.2.3` exits 1 with one line when the section is missing,
// undated, or empty, so the release workflow stops before it tags anything.
// Headings follow Keep a Changelog: `## [Unreleased]`, then `## [1.2.3] - 2026-01-31`.
import { readFileSync } from 'node:fs';

const HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$/;

/** Every `## [...]` section of the changelog: its version, date and body (trimmed). */
export function changelogSections(text) {
  const sections = [];
  let current;
  for (const line of text.split(/\r?\n/)) {
    const match = HEADING.exec(line);
    if (match) {
      current = { version: match[1], date: match[2], lines: [] };
      sections.push(current);
    } else if (line.startsWith('## ')) {
      throw new Error(`CHANGELOG.md: heading "${line}" is not "## [x.y.z] - yyyy-mm-dd" or "## [Unreleased]"`);
    } else if (current !== undefined && !/^\[[^\]]+\]: /.test(line)) {
      current.lines.push(line);
    }
  }
  return sections.map(({ version, date, lines }) => ({ version, date, body: lines.join('\n').trim() }));
}

/** The release notes of `version`, or an Error saying why there are none. */
export function releaseNotes(text, version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) return new Error(`"${version}" is not a version x.y.z`);
  const section = changelogSections(text).find((s) => s.version === version);
  if (section === undefined) return new Error(`CHANGELOG.md has no "## [${version}] - yyyy-mm-dd" section: rename [Unreleased] first`);
  if (section.date === undefined) return new Error(`CHANGELOG.md: the ${version} section has no date`);
  if (section.body === '') return new Error(`CHANGELOG.md: the ${version} section is empty`);
  return section.body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  try {
    const notes = releaseNotes(readFileSync(file, 'utf8'), version ?? '');
    if (notes instanceof Error) throw notes;
    process.stdout.write(`${notes}\n`);
  } catch (error) {
    process.stderr.write(`release-notes: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
