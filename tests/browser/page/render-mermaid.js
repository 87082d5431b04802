// Runs in the page: turns GitHub-style ```mermaid code blocks into rendered diagrams, as
// github.com does, with mermaid loaded from node_modules (window.mermaid).
async () => {
  for (const code of Array.from(document.querySelectorAll('pre > code.language-mermaid'))) {
    const box = document.createElement('div');
    box.className = 'mermaid-box';
    const pre = document.createElement('pre');
    pre.className = 'mermaid';
    pre.textContent = code.textContent ?? '';
    box.appendChild(pre);
    code.parentElement?.replaceWith(box);
  }
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
  await window.mermaid.run({ querySelector: 'pre.mermaid' });
}
