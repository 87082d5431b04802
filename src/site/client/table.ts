/**
 * Sorting and filtering the site's tables in place (pages/table.ts writes them): a click on
 * a column header sorts by the cells' `data-sort` (numbers, ISO times or text; empty last),
 * a second click reverses; the search box keeps rows whose text contains every word typed,
 * and each select keeps rows whose `data-<attr>` equals its value.
 */
type SortType = 'text' | 'number' | 'time';

function compareValues(a: string, b: string, type: SortType): number {
  if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
  if (type === 'number') return Number(a) - Number(b);
  if (type === 'time') return Date.parse(a) - Date.parse(b);
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

export function sortTable(table: HTMLTableElement, column: number, direction: 'ascending' | 'descending'): void {
  const body = table.tBodies[0];
  const header = table.tHead?.rows[0]?.cells[column];
  if (!body || !header) return;
  const type = (header.dataset['sortType'] ?? 'text') as SortType;
  const rows = [...body.rows];
  const key = (row: HTMLTableRowElement): string => row.cells[column]?.dataset['sort'] ?? '';
  const sign = direction === 'ascending' ? 1 : -1;
  rows.sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (a === '' || b === '') return compareValues(a, b, type);
    return sign * compareValues(a, b, type);
  });
  body.append(...rows);
  for (const th of table.tHead?.rows[0]?.cells ?? []) th.removeAttribute('aria-sort');
  header.setAttribute('aria-sort', direction);
}

function applyFilters(table: HTMLTableElement): void {
  const id = table.id;
  const search = document.querySelector<HTMLInputElement>(`input[data-filter-table="${id}"]`);
  const selects = [...document.querySelectorAll<HTMLSelectElement>(`select[data-filter-table="${id}"]`)];
  const words = (search?.value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  const rows = [...(table.tBodies[0]?.rows ?? [])];
  for (const row of rows) {
    const text = (row.textContent ?? '').toLowerCase();
    const ok = words.every((w) => text.includes(w)) && selects.every((s) => s.value === '' || row.dataset[s.dataset['filterAttr'] ?? ''] === s.value);
    row.hidden = !ok;
    if (ok) shown++;
  }
  const count = document.querySelector(`[data-count-for="${id}"]`);
  if (count) count.textContent = `${shown} of ${rows.length} shown`;
}

export function installTables(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('table.sortable')) {
    const headers = [...(table.tHead?.rows[0]?.cells ?? [])];
    headers.forEach((th, column) => {
      th.querySelector('button')?.addEventListener('click', () => {
        const current = th.getAttribute('aria-sort');
        sortTable(table, column, current === 'ascending' ? 'descending' : 'ascending');
      });
    });
    for (const input of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>(`[data-filter-table="${table.id}"]`)) {
      input.addEventListener('input', () => applyFilters(table));
      input.addEventListener('change', () => applyFilters(table));
    }
    applyFilters(table);
  }
}
