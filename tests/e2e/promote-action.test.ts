// `command: promote` end to end (DESIGN.md section 6; RELIABILITY G8-G12, G16): the bundled
// action against the fake GitHub behind Prism, every case ending with the invariants.
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { writeFiles } from '../support/temp-store.js';
import { BRANCH, DEST, ID, OWNER, REPO, RUN, STORE, expectPromoted, failure, makeWorkspace, runPromote } from './promote-support.js';

const gh = useGitHubSession('promote action');

const pulls = async () => (await gh.snapshot(OWNER, REPO)).pulls;

describe('a first promotion, then re-runs', () => {
  it('creates one verified commit and one PR; a re-run is unchanged; a new reason updates both in place (G8)', async () => {
    const ws = await makeWorkspace(gh);
    const first = await runPromote(gh, ws);
    expect(first.code, failure(first)).toBe(0);
    expect(first.outputs).toMatchObject({ 'pull-request-operation': 'created', 'promoted-path': DEST, verdict: 'pass' });
    const [pull] = await pulls();
    expect(first.outputs['pull-request-url']).toBe(`https://github.com/${OWNER}/${REPO}/pull/${pull?.number}`);
    expect(pull?.title).toBe(`Promote run ${RUN} to baseline ${ID}`);
    expect(pull?.body).toContain('Better exact match: the new comparison point');
    expect(pull?.body).toContain('### How to review');
    expect(pull?.body).toContain('quality.exact_match');
    const [commit] = await gh.listCommits(OWNER, REPO, BRANCH, 1);
    expect(commit?.message).toContain(`Promotion-Gate-Id: ${ID}`);
    expect(commit?.parents).toEqual([ws.baseSha]);
    await expectPromoted(gh, ws);

    const again = await runPromote(gh, ws);
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs['pull-request-operation']).toBe('unchanged');
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(commit?.sha);
    await expectPromoted(gh, ws);

    const writes = await gh.writeCount();
    const reworded = await runPromote(gh, ws, { reason: 'Better exact match, reviewed by the team' });
    expect(reworded.code, failure(reworded)).toBe(0);
    expect(reworded.outputs['pull-request-operation']).toBe('updated');
    expect(await gh.writeCount()).toBeGreaterThan(writes);
    const [updated] = await pulls();
    expect(updated?.number).toBe(pull?.number);
    expect(updated?.body).toContain('reviewed by the team');
    const tree = await gh.readTree(OWNER, REPO, BRANCH);
    const metadata = JSON.parse(tree.get(`${DEST}/baseline.json`)?.content.toString() ?? '{}') as Record<string, unknown>;
    expect(metadata['reason']).toBe('Better exact match, reviewed by the team');
    expect(metadata['promoted_at'], 'the first attempt\'s promoted_at is kept').toBe(JSON.parse(
      (await gh.readTree(OWNER, REPO, commit?.sha ?? '')).get(`${DEST}/baseline.json`)?.content.toString() ?? '{}',
    ).promoted_at);
    await expectPromoted(gh, ws, { previousTips: [commit?.sha ?? ''] });
  });

  it('follows a base branch that moved: one fast-forward merge commit, main untouched, one PR', async () => {
    const ws = await makeWorkspace(gh);
    expect((await runPromote(gh, ws)).code).toBe(0);
    const firstTip = await gh.getRef(OWNER, REPO, BRANCH);
    const moved = await gh.seedBranch(OWNER, REPO, 'main', { 'docs/notes.md': 'unrelated work\n' });
    const again = await runPromote(gh, ws);
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs['pull-request-operation']).toBe('updated');
    const [tip] = await gh.listCommits(OWNER, REPO, BRANCH, 1);
    expect(tip?.parents).toEqual([firstTip, moved.commit]);
    expect((await gh.readTree(OWNER, REPO, BRANCH)).has('docs/notes.md')).toBe(true);
    await expectPromoted(gh, ws, { baseSha: moved.commit, previousTips: [firstTip ?? ''] });
  });
});

describe('set-pin and after the merge', () => {
  it('pins the new baseline in the policy in the same commit (set-pin)', async () => {
    const ws = await makeWorkspace(gh);
    const result = await runPromote(gh, ws, { 'set-pin': 'true' });
    expect(result.code, failure(result)).toBe(0);
    const commits = await gh.listCommits(OWNER, REPO, BRANCH, 2);
    expect(commits[0]?.parents).toEqual([ws.baseSha]);
    const policy = (await gh.readTree(OWNER, REPO, BRANCH)).get(`${STORE}/policy.yml`)?.content.toString('utf8') ?? '';
    expect(policy).toContain(`  - baseline: ${ID}\n    dataset: demo_support_qa_v1\n    task: qa`);
    expect(policy).toContain('# Demo gate policy (version 1).');
    expect((await pulls())[0]?.body).toContain(`| Policy | pins\\[0\\] in ${STORE}/policy.yml: baseline\\_demo\\_v1 → baseline\\_v2`);
    await expectPromoted(gh, ws);
  });

  it('says "unchanged" with the PR once the promotion is merged and checked out', async () => {
    const ws = await makeWorkspace(gh);
    const first = await runPromote(gh, ws);
    expect(first.code, failure(first)).toBe(0);
    const merged = await gh.readTree(OWNER, REPO, BRANCH);
    await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries([...merged].map(([path, file]) => [path, file.content])), { replace: true });
    rmSync(join(ws.dir, STORE, 'runs', RUN), { recursive: true });
    for (const [path, file] of merged) if (path.startsWith(`${DEST}/`)) writeFiles(ws.dir, { [path]: file.content });
    const writes = await gh.writeCount();
    const after = await runPromote(gh, ws);
    expect(after.code, failure(after)).toBe(0);
    expect(after.outputs).toMatchObject({ 'pull-request-operation': 'unchanged', 'pull-request-url': first.outputs['pull-request-url'], 'promoted-path': DEST });
    expect(await gh.writeCount()).toBe(writes);
  });
});

describe('safety', () => {
  it('stops, without force-pushing, when promote/<id> holds a commit it did not make (G9)', async () => {
    const ws = await makeWorkspace(gh);
    expect((await runPromote(gh, ws)).code).toBe(0);
    const pushed = await gh.seedBranch(OWNER, REPO, BRANCH, { [`${DEST}/notes.md`]: 'a reviewer\'s note\n' });
    const again = await runPromote(gh, ws, { reason: 'a different reason, which would need a new commit' });
    expect(again.code).not.toBe(0);
    expect(failure(again)).toMatch(/has commits promotion-gate did not make .* never force-pushes/);
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(pushed.commit);
    expect(await gh.getRef(OWNER, REPO, 'main')).toBe(ws.baseSha);
  });

  it('refuses an existing, different destination before any write (G10)', async () => {
    const ws = await makeWorkspace(gh, { [`${DEST}/metrics.json`]: '{"quality": {"exact_match": 0.1}}\n' });
    const result = await runPromote(gh, ws);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toContain(`baselines/${ID} already exists and differs`);
    expect(await gh.writeCount()).toBe(0);
  });

  it('refuses a file over 100 MiB up front, naming it (G16)', async () => {
    const ws = await makeWorkspace(gh, {}, { runOnBase: false });
    const big = join(ws.dir, STORE, 'runs', RUN, 'activations.bin');
    writeFileSync(big, '');
    truncateSync(big, 100 * 1024 * 1024 + 1);
    const result = await runPromote(gh, ws);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toContain(`runs/${RUN}/activations.bin is 104857601 bytes, over GitHub's 100 MiB file limit`);
    expect(await gh.writeCount()).toBe(0);
  });

  it('names the repository setting when Actions may not create PRs, and a re-run finishes from the ready branch (G12)', async () => {
    const ws = await makeWorkspace(gh);
    await gh.faults.add({ kind: 'forbid-pr-creation' });
    const refused = await runPromote(gh, ws);
    expect(refused.code).not.toBe(0);
    expect(failure(refused)).toContain('Allow GitHub Actions to create and approve pull requests');
    const ready = await gh.getRef(OWNER, REPO, BRANCH);
    expect(ready).not.toBeNull();
    expect(await pulls()).toHaveLength(0);
    const retried = await runPromote(gh, ws);
    expect(retried.code, failure(retried)).toBe(0);
    expect(retried.outputs['pull-request-operation']).toBe('created');
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(ready);
    await expectPromoted(gh, ws);
  });

  it('promotes a run the base does not hold (made in the workflow itself), uploading its files as they are', async () => {
    const ws = await makeWorkspace(gh, {}, { runOnBase: false });
    const result = await runPromote(gh, ws);
    expect(result.code, failure(result)).toBe(0);
    const writes = (await gh.requests()).filter((r) => r.write).map((r) => `${r.method} ${r.path.split('/').slice(4).join('/')}`);
    expect(writes.filter((w) => w === 'POST git/blobs')).toHaveLength(ws.run.size);
    await expectPromoted(gh, ws);
  });

  it('refuses when the checked-out run differs from the base branch\'s copy, before any write', async () => {
    const ws = await makeWorkspace(gh);
    writeFiles(ws.dir, { [`${STORE}/runs/${RUN}/config.yaml`]: '# edited after the checkout\nid: run_new\n' });
    const result = await runPromote(gh, ws);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toContain(`${STORE}/runs/${RUN}/config.yaml differs from main's copy`);
    expect(await gh.writeCount()).toBe(0);
  });

  it('refuses a run whose gate fails (functional) before any write', async () => {
    const ws = await makeWorkspace(gh, { [`${STORE}/runs/${RUN}/metrics.json`]: '{"quality": {"exact_match": NaN}}\n' });
    const result = await runPromote(gh, ws);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toMatch(/promotion refused: the functional gate failed/);
    expect(result.outputs['verdict']).toBe('fail');
    expect(await gh.writeCount()).toBe(0);
  });
});
