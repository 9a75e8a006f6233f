// What the intranet example's pages share: showing an EblomladaError with every problem, and
// downloading a file made in the page.

/**
 * Shows `intro`, the error's message and, when there are several, every problem (with line and
 * column where known, worded by `line(l, c)`) in `el`, as text: nothing is parsed as markup.
 */
export function showError(el, intro, error, line) {
  el.replaceChildren();
  const p = document.createElement('p');
  p.className = 'error-intro';
  p.textContent = intro;
  const message = document.createElement('p');
  message.className = 'error-message';
  message.textContent = error.message;
  el.append(p, message);
  const problems = Array.isArray(error.problems) ? error.problems : [];
  if (problems.length > 1) {
    const list = document.createElement('ul');
    for (const problem of problems) {
      const li = document.createElement('li');
      const where = problem.line ? `${line(problem.line, problem.column)}: ` : '';
      li.textContent = `${where}${problem.path}: ${problem.message}`;
      list.append(li);
    }
    el.append(list);
  }
  el.hidden = false;
}

export function clearError(el) {
  el.hidden = true;
  el.replaceChildren();
}

/** Offers `body` (text) as a download named `name`. */
export function downloadFile(name, body, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
