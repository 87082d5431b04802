/** Size budgets of the Markdown report (DESIGN.md section 5). */
export const COMMENT_BUDGET = 60_000;
/** GitHub rejects job summaries over 1 MiB; stay well under. */
export const SUMMARY_BUDGET = 900 * 1024;
