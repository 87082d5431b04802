/**
 * Building DOM in the browser without ever parsing a string as HTML: every text from the
 * store goes in through `textContent` (or Observable Plot's text nodes). There is no
 * innerHTML anywhere in the client (RELIABILITY S1).
 */
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

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : value < 0 ? '−∞' : 'NaN';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US').replace(/^-/, '−');
  const abs = Math.abs(value);
  const text = abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
  return text.replace(/^-/, '−');
}

export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const text = formatNumber(value);
  return value > 0 ? `+${text}` : text;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = `${(value * 100).toFixed(digits)}%`;
  return value > 0 ? `+${text}` : text.replace(/^-/, '−');
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
