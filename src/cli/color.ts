/**
 * Whether to colour output, the way terminal tools agree to decide it:
 * `--no-color` wins; then FORCE_COLOR (set and not `0`/`false` forces colour even into a
 * pipe, `0`/`false` turns it off; it overrides NO_COLOR, as in Node itself); then NO_COLOR
 * (any non-empty value turns colour off, https://no-color.org); then TERM=dumb; then
 * whether the stream is a terminal.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTty: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTty;
}
