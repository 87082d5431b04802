/**
 * How each input is named in messages. The CLI's flags and the action's inputs carry the same
 * values; every message names the one the user actually set, so a PR comment never says
 * `--baseline` and a terminal never says "input baseline". Each shell picks its set once, at
 * the edge, and passes it down with the request.
 */
export interface InputNames {
  store: string;
  policy: string;
  run: string;
  baseline: string;
  /** The ref the policy and baselines are read at (a PR's base). */
  baseRef: string;
  /** The commit being gated. */
  head: string;
  as: string;
  id: string;
  reason: string;
  quality: string;
  task: string;
  setPin: string;
  /** What to do when a gold reference's task cannot be detected. */
  taskHint: string;
  /** How to name a baseline explicitly, as the start of an instruction. */
  giveBaseline: string;
}

export const CLI_NAMES: InputNames = {
  store: '--store', policy: '--policy', run: '--run', baseline: '--baseline', baseRef: '--base-ref', head: '--head',
  as: '--as', id: '--id', reason: '--reason', quality: '--quality', task: '--task', setPin: '--set-pin',
  taskHint: 'pass --task TASK',
  giveBaseline: 'pass --baseline',
};

export const ACTION_NAMES: InputNames = {
  store: 'input store', policy: 'input policy', run: 'input run', baseline: 'input baseline', baseRef: 'the base commit', head: 'the head commit',
  as: 'input promote-as', id: 'input promoted-id', reason: 'input reason', quality: 'input reference-quality', task: 'task', setPin: 'input set-pin',
  taskHint: 'add "task" to the run\'s metrics.json or baseline.json',
  giveBaseline: 'set input baseline',
};
