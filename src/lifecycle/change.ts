/**
 * A lifecycle change, as data: folders moved and deleted inside the store, and the event
 * files that record why. Archive, restore and cleanup each compute one (pure), and the same
 * three appliers carry any of them out: the working tree (apply-working-tree.ts), a commit on
 * a new local branch (apply-commit.ts), or one verified commit through the GitHub API
 * (github-apply.ts). Appliers never decide.
 */
import type { EventFile } from '../store/events.js';

export type ChangeKind = 'archive' | 'restore' | 'cleanup';

export interface FolderMove {
  /** Store-relative folders. */
  from: string;
  to: string;
}

export interface StoreChange {
  kind: ChangeKind;
  /** The commit subject and the pull request title. */
  title: string;
  /** Paragraphs for the commit message, after the subject. */
  body: string;
  moves: FolderMove[];
  /** Store-relative folders removed with everything in them. */
  deletes: string[];
  events: EventFile[];
}
