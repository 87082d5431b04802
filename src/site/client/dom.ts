/**
 * Building DOM in the browser without ever parsing a string as HTML: every text from the
 * store goes in through `textContent` (or Observable Plot's text nodes). There is no
 * innerHTML anywhere in the client (RELIABILITY S1).
 */
import { formatNumber } from '../format.js';

export { formatNumber, formatPercent, formatTime } from '../format.js';

export type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Reads a JSON data block written by the builder (html.ts dataBlock). */
export function readData<T>(id: string): T | undefined {
  const block = document.getElementById(id);
  if (!block || block.textContent === null) return undefined;
  return JSON.parse(block.textContent) as T;
}

/** Numbers read the same in the page as in the pages the builder wrote (../format.ts). */
export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const text = formatNumber(value);
  return value > 0 ? `+${text}` : text;
}
