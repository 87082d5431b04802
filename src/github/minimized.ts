/**
 * Whether comments are minimized ("hidden"): a hidden sticky comment is left alone and a new
 * one written (G5). Newer REST answers carry `minimized`; where a comment lacks the field
 * (older GitHub Enterprise Server), GraphQL's `isMinimized` is asked for those only.
 */
import type { GitHubClient } from './client.js';

export interface CommentLike {
  id: number;
  node_id: string;
  minimized?: { reason?: string | null } | null;
}

interface NodesAnswer {
  nodes?: ({ id?: string; isMinimized?: boolean } | null)[];
}

const QUERY = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id isMinimized } } }';

export async function minimizedIds(client: GitHubClient, comments: CommentLike[]): Promise<Set<number>> {
  const hidden = new Set(comments.filter((c) => c.minimized !== undefined && c.minimized !== null).map((c) => c.id));
  const unknown = comments.filter((c) => c.minimized === undefined);
  for (let i = 0; i < unknown.length; i += 100) {
    const batch = unknown.slice(i, i + 100);
    const answer = await client.graphql<NodesAnswer>(QUERY, { ids: batch.map((c) => c.node_id) });
    const byNode = new Map(batch.map((c) => [c.node_id, c.id]));
    for (const node of answer.nodes ?? []) {
      const id = node?.id === undefined ? undefined : byNode.get(node.id);
      if (id !== undefined && node?.isMinimized === true) hidden.add(id);
    }
  }
  return hidden;
}
