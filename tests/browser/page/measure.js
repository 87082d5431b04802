// Runs in the page: what a reviewer would see of the rendered comment (#comment). Every
// <details> is opened first, so folded content is measured too. Returns the elements that
// pass the comment's right edge or scroll sideways, the chart's geometry read from mermaid's
// SVG (plot edges, zero line, and for each category the bar left visible after the mask),
// and the comment's text.
() => {
  document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''));
  const comment = document.getElementById('comment');
  const limit = comment.getBoundingClientRect().right + 0.5;
  const describe = (el) => `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 60)}`;
  const overflowing = [];
  for (const el of Array.from(comment.querySelectorAll('*'))) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > limit) overflowing.push(`${describe(el)} (right edge ${Math.round(box.right)} > ${Math.round(limit)})`);
    if ((el.tagName === 'TABLE' || el.tagName === 'PRE') && el.scrollWidth > el.clientWidth + 1) {
      overflowing.push(`${describe(el)} (scrolls: ${el.scrollWidth} > ${el.clientWidth})`);
    }
  }

  let chart;
  const svg = comment.querySelector('.mermaid-box svg');
  if (svg) {
    const plot = svg.querySelector('.plot');
    const groups = Array.from(plot?.querySelectorAll(':scope > g') ?? []);
    const barGroups = groups.filter((g) => /bar-plot/.test(g.getAttribute('class') ?? ''));
    const lineGroup = groups.find((g) => /line-plot/.test(g.getAttribute('class') ?? ''));
    const rects = (g) => Array.from(g?.querySelectorAll('rect') ?? []).map((r) => r.getBoundingClientRect());
    const [worse = [], better = [], mask = []] = barGroups.map(rects);
    const fill = (g) => g?.querySelector('rect')?.getAttribute('fill') ?? '';
    const lineBox = lineGroup?.querySelector('path')?.getBoundingClientRect();
    // In a horizontal xychart the value axis runs along the top (bottom when vertical).
    const axis = svg.querySelector('.top-axis, .bottom-axis');
    const axisBox = axis?.querySelector('.axis-line path, .axisl-line path')?.getBoundingClientRect();
    const labels = Array.from(svg.querySelectorAll('.left-axis .label text')).map((t) => t.textContent ?? '');
    const bars = worse.map((w, i) => {
      const b = better[i];
      const m = mask[i];
      const label = labels[i] ?? '';
      if (!b || !m) return { label, left: 0, right: 0, colour: '' };
      // The mask is drawn last: what it leaves of the worse or the better bar is what shows.
      if (w.right - m.right > 0.5) return { label, left: m.right, right: w.right, colour: fill(barGroups[0]) };
      const left = Math.max(m.right, b.left);
      if (b.right - left > 0.5) return { label, left, right: b.right, colour: fill(barGroups[1]) };
      return { label, left: m.right, right: m.right, colour: '' };
    });
    chart = {
      plotLeft: axisBox?.left ?? Number.NaN,
      plotRight: axisBox?.right ?? Number.NaN,
      zeroX: lineBox ? lineBox.left + lineBox.width / 2 : Number.NaN,
      zeroTop: lineBox?.top ?? Number.NaN,
      zeroBottom: lineBox?.bottom ?? Number.NaN,
      bars,
    };
  }
  return { overflowing, chart, text: comment.innerText };
}
