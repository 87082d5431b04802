/**
 * The sortable, filterable table that the overview, events and history pages share. The
 * rows are complete in the HTML (the page reads without JavaScript); the client script
 * (client/table.ts) sorts by a column's `data-sort` values and filters on the row text.
 */
import { html, type Html, type HtmlValue } from '../html.js';

export type SortType = 'text' | 'number' | 'time';

export interface Column {
  label: string;
  sort: SortType;
  /** Shown as the header's title. */
  help?: string;
  numeric?: boolean;
}

export interface Cell {
  content: HtmlValue;
  /** The value sorted on (a number, an ISO time or text); empty sorts last. */
  sort?: string | number | null;
  title?: string;
}

export interface Row {
  cells: Cell[];
  attrs?: Record<string, string>;
  className?: string;
}

export function sortableTable(id: string, caption: string, columns: Column[], rows: Row[], options: { initialSort?: { column: number; direction: 'ascending' | 'descending' } } = {}): Html {
  const initial = options.initialSort;
  const head = columns.map((c, i) => {
    const sorted = initial?.column === i ? html` aria-sort="${initial.direction}"` : '';
    return html`<th scope="col" data-sort-type="${c.sort}"${sorted}${c.numeric ? html` class="num"` : ''}${c.help ? html` title="${c.help}"` : ''}><button type="button">${c.label}</button></th>`;
  });
  const body = rows.map((row) => {
    const attrs = Object.entries(row.attrs ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
    const cells = row.cells.map((cell, i) => {
      const sort = cell.sort === null || cell.sort === undefined ? '' : String(cell.sort);
      return html`<td data-sort="${sort}"${columns[i]?.numeric ? html` class="num"` : ''}${cell.title ? html` title="${cell.title}"` : ''}>${cell.content}</td>`;
    });
    return html`<tr${row.className ? html` class="${row.className}"` : ''}${attrs}>${cells}</tr>\n`;
  });
  return html`<div class="table-wrap"><table class="sortable" id="${id}">
<caption>${caption}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
</table></div>`;
}

/** A search box and optional select filters bound to a table (client/table.ts). */
export function tableFilters(tableId: string, label: string, selects: { attr: string; label: string; options: string[] }[] = []): Html {
  const fields = selects.map(
    (s) => html`<label>${s.label} <select data-filter-attr="${s.attr}" data-filter-table="${tableId}"><option value="">all</option>${s.options.map((o) => html`<option value="${o}">${o}</option>`)}</select></label>`,
  );
  return html`<div class="filters" role="search">
<label>${label} <input type="search" data-filter-table="${tableId}" placeholder="id, model, dataset, prompt…" autocomplete="off"></label>
${fields}
<span class="count" data-count-for="${tableId}" aria-live="polite"></span>
</div>`;
}
